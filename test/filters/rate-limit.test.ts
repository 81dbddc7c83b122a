// rate-limit in the emulator: buckets on the virtual clock (refill, burst, several limits,
// expiry), keys, matches, headers, dry run, metrics, bounded memory under a key flood, worker
// VMs racing on CAS, global mode against an emulated RateLimitService, configuration errors.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, GrpcStatus, Host, type GrpcServerCall, type Plugin } from "../../src/emulator/index.ts";

const WASM = "build/rate-limit.wasm";

async function plugin(configuration: string | object, host = new Host(), vmId = "rl"): Promise<{ host: Host; plugin: Plugin }> {
  const vm = await host.loadVm(WASM, { vmId });
  return { host, plugin: vm.createPlugin({ configuration }) };
}

const GET = (path: string, extra: Record<string, string> = {}) => ({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http", ...extra });

/** One request through a plugin; the upstream answers 200 unless the filter replied locally. */
function send(p: Plugin, req: Record<string, string> = GET("/"), properties?: Record<string, string>) {
  const s = p.newHttpStream({ properties });
  s.sendRequestHeaders(req, { endOfStream: true });
  if (!s.localResponse && !s.paused.request) s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
  return s;
}
const status = (s: ReturnType<typeof send>) => s.localResponse?.status ?? 200;
const header = (s: ReturnType<typeof send>, name: string) =>
  s.localResponse ? s.localResponse.headers.find(([k]) => k === name)?.[1] : s.responseHeader(name);
const statuses = (p: Plugin, n: number, req?: Record<string, string>, props?: Record<string, string>) =>
  Array.from({ length: n }, () => status(send(p, req, props)));

const one = (limits: unknown[], extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  ...top,
  rules: [{ name: "r", key: [{ source: "constant" }], limits, ...extra }],
});

describe("rate-limit: token buckets on the virtual clock", () => {
  it("admits the limit, then answers 429 with Retry-After and X-RateLimit-* headers", async () => {
    const { plugin: p } = await plugin(one([{ requests: 3, per: "minute" }]));
    const admitted = [send(p), send(p), send(p)];
    expect(admitted.map(status)).toEqual([200, 200, 200]);
    expect(admitted.map((s) => header(s, "x-ratelimit-remaining"))).toEqual(["2", "1", "0"]);
    expect(header(admitted[0], "x-ratelimit-limit")).toBe("3");
    expect(header(admitted[0], "x-ratelimit-reset")).toBe("20"); // one token back in full after 20 s
    const denied = send(p);
    expect(status(denied)).toBe(429);
    expect(denied.localResponse!.bodyText).toBe("rate limit exceeded\n");
    expect(header(denied, "retry-after")).toBe("20");
    expect(header(denied, "x-ratelimit-remaining")).toBe("0");
    expect(header(denied, "x-ratelimit-reset")).toBe("60");
    expect(header(denied, "content-type")).toBe("text/plain");
    expect(denied.localResponse!.details).toBe("rate_limited");
  });

  it("refills exactly with time (integer units, no rounding loss)", async () => {
    const { host, plugin: p } = await plugin(one([{ requests: 2, per: "second" }]));
    expect(statuses(p, 3)).toEqual([200, 200, 429]);
    host.advanceTime(499);
    expect(statuses(p, 1)).toEqual([429]);
    host.advanceTime(1); // 500 ms → one token
    expect(statuses(p, 2)).toEqual([200, 429]);
    // 3 tokens per 1000 s at 1000/hour: refill over many small steps must add up exactly.
    const { host: h2, plugin: q } = await plugin(one([{ requests: 1000, per: "hour", burst: 1 }]));
    expect(statuses(q, 2)).toEqual([200, 429]);
    for (let i = 0; i < 35; i++) { h2.advanceTime(100); send(q); } // 3.5 s of denied probes, 3.6 s per token
    h2.advanceTime(99);
    expect(statuses(q, 1)).toEqual([429]);
    h2.advanceTime(1);
    expect(statuses(q, 2)).toEqual([200, 429]);
  });

  it("allows a burst above the rate, then the steady rate", async () => {
    const { host, plugin: p } = await plugin(one([{ requests: 1, per: "second", burst: 5 }]));
    expect(statuses(p, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    host.advanceTime(1000);
    expect(statuses(p, 2)).toEqual([200, 429]);
    host.advanceTime(10_000); // refills to the burst, not beyond
    expect(statuses(p, 6)).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("enforces several limits together (10/s and 15/min) and reports the tighter one", async () => {
    const { host, plugin: p } = await plugin(one([{ requests: 10, per: "second" }, { requests: 15, per: "minute" }]));
    const first = statuses(p, 11);
    expect(first.filter((c) => c === 200)).toHaveLength(10);
    host.advanceTime(1000);
    const s = send(p);
    expect(header(s, "x-ratelimit-limit")).toBe("15"); // the minute limit has fewer left (4) than the second limit (9)
    expect(header(s, "x-ratelimit-remaining")).toBe("4");
    expect(statuses(p, 10).filter((c) => c === 200)).toHaveLength(4);
    const denied = send(p);
    expect(status(denied)).toBe(429);
    expect(Number(header(denied, "retry-after"))).toBe(3); // 4 s per minute-token, 1 s of it already refilled
  });

  it("does not consume tokens of a request another limit denies", async () => {
    const { host, plugin: p } = await plugin(one([{ requests: 1, per: "second" }, { requests: 3, per: "minute" }]));
    expect(statuses(p, 5)).toEqual([200, 429, 429, 429, 429]);
    host.advanceTime(1000);
    expect(statuses(p, 1)).toEqual([200]);
    host.advanceTime(1000);
    expect(statuses(p, 1)).toEqual([200]); // the denied ones did not eat the minute budget
    host.advanceTime(1000);
    expect(statuses(p, 1)).toEqual([429]);
  });
});

describe("rate-limit: keys", () => {
  it("keys by client IP from source.address without the port (IPv4 and IPv6)", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "ip", key: [{ source: "client_ip" }], limits: [{ requests: 1, per: "minute" }] }] });
    expect(statuses(p, 1, GET("/"), { "source.address": "10.0.0.1:1111" })).toEqual([200]);
    expect(statuses(p, 1, GET("/"), { "source.address": "10.0.0.1:2222" })).toEqual([429]); // another port, same client
    expect(statuses(p, 1, GET("/"), { "source.address": "10.0.0.2:1111" })).toEqual([200]);
    expect(statuses(p, 1, GET("/"), { "source.address": "[2001:db8::1]:443" })).toEqual([200]);
    expect(statuses(p, 1, GET("/"), { "source.address": "[2001:db8::1]:444" })).toEqual([429]);
  });

  it("keys by X-Forwarded-For with trusted hops, falling back to the peer", async () => {
    const cfg = (hops: number) => ({ client_ip: { xff_trusted_hops: hops }, rules: [{ name: "ip", key: [{ source: "client_ip" }], limits: [{ requests: 1, per: "minute" }] }] });
    const peer = { "source.address": "192.168.0.9:5000" };
    const { plugin: one } = await plugin(cfg(1));
    expect(statuses(one, 1, GET("/", { "x-forwarded-for": "6.6.6.6, 1.1.1.1" }), peer)).toEqual([200]);
    expect(statuses(one, 1, GET("/", { "x-forwarded-for": "7.7.7.7,1.1.1.1" }), peer)).toEqual([429]); // rightmost = 1.1.1.1 both times
    const { plugin: two } = await plugin(cfg(2));
    expect(statuses(two, 1, GET("/", { "x-forwarded-for": "6.6.6.6, 2.2.2.2, 10.0.0.1" }), peer)).toEqual([200]);
    expect(statuses(two, 1, GET("/", { "x-forwarded-for": "spoofed, 2.2.2.2, 10.0.0.2" }), peer)).toEqual([429]); // 2nd from right = 2.2.2.2
    // Too few entries: the peer address is the key.
    expect(statuses(two, 1, GET("/", { "x-forwarded-for": "3.3.3.3" }), peer)).toEqual([200]);
    expect(statuses(two, 1, GET("/"), peer)).toEqual([429]);
    // hops 0 ignores the header entirely.
    const { plugin: zero } = await plugin(cfg(0));
    expect(statuses(zero, 1, GET("/", { "x-forwarded-for": "1.1.1.1" }), peer)).toEqual([200]);
    expect(statuses(zero, 1, GET("/", { "x-forwarded-for": "2.2.2.2" }), peer)).toEqual([429]);
  });

  it("keys by header, query parameter, path, consumer and combinations; absent sources skip the rule", async () => {
    const rule = (name: string, key: unknown[]) => ({ name, key, limits: [{ requests: 1, per: "minute" }] });
    const { plugin: p } = await plugin({ consumer_header: "x-user", rules: [rule("k", [{ source: "header", name: "X-Api-Key" }, { source: "query", name: "tenant" }])] });
    expect(statuses(p, 1, GET("/a?tenant=t1", { "x-api-key": "k1" }))).toEqual([200]);
    expect(statuses(p, 1, GET("/b?x=1&tenant=t1", { "x-api-key": "k1" }))).toEqual([429]);
    expect(statuses(p, 1, GET("/a?tenant=t2", { "x-api-key": "k1" }))).toEqual([200]);
    expect(statuses(p, 1, GET("/a?tenant=t1", { "x-api-key": "k2" }))).toEqual([200]);
    expect(statuses(p, 3, GET("/a", { "x-api-key": "k1" }))).toEqual([200, 200, 200]); // no tenant: rule does not apply
    // "1:a" + "1:b" must not collide with "1:a1" + ... : parts are length-prefixed
    expect(statuses(p, 1, GET("/?tenant=bc", { "x-api-key": "a" }))).toEqual([200]);
    expect(statuses(p, 1, GET("/?tenant=c", { "x-api-key": "ab" }))).toEqual([200]);

    const { plugin: path } = await plugin({ rules: [rule("p", [{ source: "path" }])] });
    expect(statuses(path, 2, GET("/x?a=1"))).toEqual([200, 429]);
    expect(statuses(path, 1, GET("/x?a=2"))).toEqual([429]); // the query is not part of the path
    expect(statuses(path, 1, GET("/y"))).toEqual([200]);

    const { plugin: consumer } = await plugin({ rules: [rule("c", [{ source: "consumer" }])] });
    expect(statuses(consumer, 2, GET("/", { "x-consumer": "alice" }))).toEqual([200, 429]);
    expect(statuses(consumer, 1, GET("/", { "x-consumer": "bob" }))).toEqual([200]);
    expect(statuses(consumer, 2, GET("/"))).toEqual([200, 200]); // anonymous: not limited by this rule
    const { plugin: custom } = await plugin({ consumer_header: "x-user", rules: [rule("c", [{ source: "consumer" }])] });
    expect(statuses(custom, 2, GET("/", { "x-user": "alice" }))).toEqual([200, 429]);
  });
});

describe("rate-limit: matches and rule order", () => {
  it("applies rules by path (exact, prefix, regex), method, host and header", async () => {
    const lim = [{ requests: 1, per: "minute" }];
    const key = [{ source: "constant" }];
    const { plugin: p } = await plugin({
      rules: [
        { name: "exact", match: { path: { exact: "/login" }, method: ["POST"] }, key, limits: lim },
        { name: "prefix", match: { path: { prefix: "/api/" }, host: "*.example.org" }, key, limits: lim },
        { name: "regex", match: { path: { regex: "^/users/\\d+$" }, headers: [{ name: "x-tier", exact: "free" }] }, key, limits: lim },
      ],
    });
    const post = (path: string, extra = {}) => ({ ...GET(path, extra), ":method": "POST" });
    expect(statuses(p, 2, post("/login"))).toEqual([200, 429]);
    expect(statuses(p, 2, GET("/login"))).toEqual([200, 200]);
    expect(statuses(p, 2, post("/login?next=/"))).toEqual([429, 429]);
    expect(statuses(p, 2, GET("/api/x", { ":authority": "a.example.org:8080" }))).toEqual([200, 429]);
    expect(statuses(p, 2, GET("/api/x", { ":authority": "example.org" }))).toEqual([200, 200]);
    expect(statuses(p, 2, GET("/users/12", { "x-tier": "free" }))).toEqual([200, 429]);
    expect(statuses(p, 2, GET("/users/12", { "x-tier": "paid" }))).toEqual([200, 200]);
    expect(statuses(p, 2, GET("/users/ab", { "x-tier": "free" }))).toEqual([200, 200]);
  });

  it("checks every matching rule in order and reports the tightest limit", async () => {
    const { plugin: p } = await plugin({
      rules: [
        { name: "global-cap", key: [{ source: "constant" }], limits: [{ requests: 100, per: "minute" }] },
        { name: "per-ip", key: [{ source: "client_ip" }], limits: [{ requests: 2, per: "minute" }] },
      ],
    });
    const a = { "source.address": "1.1.1.1:1" };
    const s = send(p, GET("/"), a);
    expect(header(s, "x-ratelimit-limit")).toBe("2");
    expect(header(s, "x-ratelimit-remaining")).toBe("1");
    expect(statuses(p, 2, GET("/"), a)).toEqual([200, 429]);
    expect(statuses(p, 1, GET("/"), { "source.address": "2.2.2.2:1" })).toEqual([200]);
  });
});

describe("rate-limit: responses, headers, dry run, metrics", () => {
  it("uses the configured status, body and headers, and the IETF draft headers", async () => {
    const { plugin: p } = await plugin(one([{ requests: 1, per: "minute" }], {}, {
      response: { status: 503, body: "{\"error\":\"slow down\"}", headers: { "content-type": "application/json", "x-limited-by": "edge" } },
      headers: { ietf: true, x_ratelimit: false },
    }));
    const ok = send(p);
    expect(header(ok, "ratelimit-policy")).toBe("\"r\";q=1;w=60");
    expect(header(ok, "ratelimit")).toBe("\"r\";r=0;t=60");
    expect(header(ok, "x-ratelimit-limit")).toBeUndefined();
    const denied = send(p);
    expect(denied.localResponse).toMatchObject({ status: 503, bodyText: "{\"error\":\"slow down\"}" });
    expect(denied.localResponse!.headers).toEqual(expect.arrayContaining([["content-type", "application/json"], ["x-limited-by", "edge"], ["retry-after", "60"], ["ratelimit", "\"r\";r=0;t=60"]]));
  });

  it("can keep headers off admitted responses", async () => {
    const { plugin: p } = await plugin(one([{ requests: 1, per: "minute" }], {}, { headers: { on_admitted: false } }));
    const ok = send(p);
    expect(ok.responseHeaders.map(([k]) => k)).toEqual([":status"]);
    expect(header(send(p), "x-ratelimit-remaining")).toBe("0");
  });

  it("dry run counts and adds headers but never rejects", async () => {
    const { host, plugin: p } = await plugin(one([{ requests: 2, per: "minute" }], {}, { dry_run: true }));
    const all = Array.from({ length: 5 }, () => send(p));
    expect(all.map(status)).toEqual([200, 200, 200, 200, 200]);
    expect(all.map((s) => header(s, "x-ratelimit-remaining"))).toEqual(["1", "0", "0", "0", "0"]);
    expect(host.metric("rate_limit.rule.r.admitted")?.value).toBe(2n);
    expect(host.metric("rate_limit.rule.r.limited")?.value).toBe(3n);
    // per rule: only the dry-run rule is relaxed
    const { plugin: q } = await plugin({ rules: [
      { name: "trial", dry_run: true, key: [{ source: "constant" }], limits: [{ requests: 1, per: "minute" }] },
      { name: "real", key: [{ source: "constant" }], limits: [{ requests: 3, per: "minute" }] },
    ] });
    expect(statuses(q, 5)).toEqual([200, 200, 200, 429, 429]);
  });

  it("counts admitted and limited per rule", async () => {
    const { host, plugin: p } = await plugin({ rules: [
      { name: "a", match: { path: { prefix: "/a" } }, key: [{ source: "constant" }], limits: [{ requests: 3, per: "minute" }] },
      { name: "b", match: { path: { prefix: "/b" } }, key: [{ source: "constant" }], limits: [{ requests: 1, per: "minute" }] },
    ] });
    statuses(p, 5, GET("/a"));
    statuses(p, 4, GET("/b"));
    statuses(p, 2, GET("/c"));
    expect([host.metric("rate_limit.rule.a.admitted")?.value, host.metric("rate_limit.rule.a.limited")?.value]).toEqual([3n, 2n]);
    expect([host.metric("rate_limit.rule.b.admitted")?.value, host.metric("rate_limit.rule.b.limited")?.value]).toEqual([1n, 3n]);
  });
});

describe("rate-limit: bounded memory, expiry and eviction", () => {
  it("reuses expired slots silently and evicts the least recently used live key when full", async () => {
    const { host, plugin: p } = await plugin({ rules: [{ name: "ip", key: [{ source: "header", name: "x-k" }], max_keys: 2, limits: [{ requests: 2, per: "second" }] }] });
    const k = (v: string) => GET("/", { "x-k": v });
    expect(host.sharedData.keys("rl").filter((x) => x.startsWith("rate-limit/ip/"))).toEqual(["rate-limit/ip/0", "rate-limit/ip/1"]);
    expect(statuses(p, 3, k("a"))).toEqual([200, 200, 429]);
    host.advanceTime(10);
    expect(statuses(p, 1, k("b"))).toEqual([200]);
    // Both slots live (a and b hold both candidates of any key with 2 slots): c evicts a (idle longer).
    host.advanceTime(10);
    expect(statuses(p, 1, k("c"))).toEqual([200]);
    expect(host.metric("rate_limit.evictions")?.value).toBe(1n);
    expect(statuses(p, 2, k("a"))).toEqual([200, 200]); // a was forgotten: fresh bucket (and it evicted b)
    // After a full refill (1 s) every bucket has expired: new keys take slots without evicting.
    host.advanceTime(1000);
    const before = host.metric("rate_limit.evictions")!.value;
    statuses(p, 1, k("d"));
    statuses(p, 1, k("e"));
    expect(host.metric("rate_limit.evictions")!.value).toBe(before);
  });

  it("keeps shared data and memory bounded under 100k distinct keys", async () => {
    const { host, plugin: p } = await plugin({ rules: [{ name: "flood", key: [{ source: "client_ip" }], max_keys: 512, limits: [{ requests: 5, per: "minute" }] }] });
    const vm = p.vm;
    const entries = () => host.sharedData.keys("rl").length;
    expect(entries()).toBe(512);
    const ip = (i: number) => ({ "source.address": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:4000` });
    for (let i = 0; i < 10_000; i++) send(p, GET("/"), ip(i)).complete();
    const warmMemory = vm.memoryBytes();
    for (let i = 10_000; i < 100_000; i++) {
      const s = send(p, GET("/"), ip(i));
      if (status(s) !== 200) throw new Error(`key ${i} limited: a fresh key must always get its budget`);
      s.complete();
    }
    expect(entries()).toBe(512);
    expect(vm.memoryBytes()).toBe(warmMemory);
    let bytes = 0;
    for (const key of host.sharedData.keys("rl")) bytes += key.length + host.sharedData.get("rl", key)!.value.length;
    expect(bytes).toBeLessThan(512 * 64);
    expect(host.metric("rate_limit.rule.flood.admitted")?.value).toBe(100_000n);
  }, 120_000);

  it("detects collisions: keys sharing a slot never share a bucket", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "one", key: [{ source: "header", name: "x-k" }], max_keys: 1, limits: [{ requests: 1, per: "minute" }] }] });
    expect(statuses(p, 1, GET("/", { "x-k": "a" }))).toEqual([200]);
    expect(statuses(p, 1, GET("/", { "x-k": "b" }))).toEqual([200]); // same (only) slot, different key: evicts a
    expect(statuses(p, 1, GET("/", { "x-k": "b" }))).toEqual([429]);
  });

  it("limits long keys by a bounded prefix plus hashes", async () => {
    const { host, plugin: p } = await plugin({ rules: [{ name: "long", key: [{ source: "header", name: "x-k" }], max_keys: 8, limits: [{ requests: 1, per: "minute" }] }] });
    const long = "x".repeat(5000);
    expect(statuses(p, 2, GET("/", { "x-k": long + "1" }))).toEqual([200, 429]);
    expect(statuses(p, 1, GET("/", { "x-k": long + "2" }))).toEqual([200]);
    const sizes = host.sharedData.keys("rl").map((k) => host.sharedData.get("rl", k)!.value.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16 + 8 + 256);
  });

  it("keeps buckets across a reconfiguration with the same limits, and resets them when limits change", async () => {
    const cfg = one([{ requests: 2, per: "minute" }]);
    const { plugin: p } = await plugin(cfg);
    expect(statuses(p, 2)).toEqual([200, 200]);
    const same = p.reconfigure(cfg);
    expect(statuses(same, 1)).toEqual([429]);
    const changed = same.reconfigure(one([{ requests: 3, per: "minute" }]));
    expect(statuses(changed, 4)).toEqual([200, 200, 200, 429]);
  });
});

describe("rate-limit: worker VMs racing on CAS", () => {
  it("admits exactly the limit when another worker writes between every read and write", async () => {
    const host = new Host();
    const [a, b] = (await host.loadWorkers(WASM, 2, { vmId: "race" })).map((w) => w.createPlugin({ configuration: one([{ requests: 50, per: "hour" }]) }));
    let interleave = 0;
    const fromB: number[] = [];
    host.sharedData.onGet = (_vm, key) => {
      if (!key.startsWith("rate-limit/r/") || interleave <= 0) return;
      interleave--;
      fromB.push(status(send(b)));
    };
    const fromA: number[] = [];
    for (let i = 0; i < 100; i++) {
      interleave = 1;
      fromA.push(status(send(a)));
    }
    host.sharedData.onGet = undefined;
    const admitted = [...fromA, ...fromB].filter((c) => c === 200).length;
    expect(fromA.length + fromB.length).toBe(200);
    expect(admitted).toBe(50);
    expect(host.metric("rate_limit.rule.r.admitted")?.value).toBe(50n);
    expect(host.metric("rate_limit.rule.r.limited")?.value).toBe(150n);
    expect(host.metric("rate_limit.store_errors")?.value ?? 0n).toBe(0n);
  });

  it("admits exactly the limit with three workers interleaving at random, per key", async () => {
    const host = new Host();
    const workers = (await host.loadWorkers(WASM, 3, { vmId: "race3" })).map((w) =>
      w.createPlugin({ configuration: { rules: [{ name: "ip", key: [{ source: "client_ip" }], limits: [{ requests: 7, per: "hour" }, { requests: 100, per: "second" }] }] } }),
    );
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const admitted = new Map<string, number>();
    const record = (ip: string, code: number) => { if (code === 200) admitted.set(ip, (admitted.get(ip) ?? 0) + 1); };
    let depth = 0;
    host.sharedData.onGet = () => {
      if (depth > 0 || rand() < 0.5) return;
      depth++;
      const ip = `10.0.0.${Math.floor(rand() * 4)}`;
      record(ip, status(send(workers[Math.floor(rand() * 3)], GET("/"), { "source.address": `${ip}:1` })));
      depth--;
    };
    for (let i = 0; i < 300; i++) {
      const ip = `10.0.0.${i % 4}`;
      record(ip, status(send(workers[i % 3], GET("/"), { "source.address": `${ip}:1` })));
    }
    host.sharedData.onGet = undefined;
    expect([...admitted.entries()].sort()).toEqual([["10.0.0.0", 7], ["10.0.0.1", 7], ["10.0.0.2", 7], ["10.0.0.3", 7]]);
  });
});

// ---- a tiny protobuf codec for the emulated RateLimitService
type Field = { field: number; wire: number; value: bigint | Uint8Array };
function readFields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = () => { let v = 0n, shift = 0n; for (;;) { const b = buf[pos++]; v |= BigInt(b & 0x7f) << shift; if (b < 0x80) return v; shift += 7n; } };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3, wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 2) { const n = Number(varint()); out.push({ field, wire, value: buf.subarray(pos, pos + n) }); pos += n; }
    else throw new Error(`wire ${wire}`);
  }
  return out;
}
const text = (b: Uint8Array) => new TextDecoder().decode(b);
function decodeRateLimitRequest(buf: Uint8Array) {
  const f = readFields(buf);
  return {
    domain: text(f.find((x) => x.field === 1)!.value as Uint8Array),
    descriptors: f.filter((x) => x.field === 2).map((d) => readFields(d.value as Uint8Array).filter((e) => e.field === 1).map((e) => {
      const kv = readFields(e.value as Uint8Array);
      return [text(kv.find((x) => x.field === 1)!.value as Uint8Array), text(kv.find((x) => x.field === 2)!.value as Uint8Array)];
    })),
    hitsAddend: Number(f.find((x) => x.field === 3)?.value ?? 0n),
  };
}
const varint = (v: number) => { const out: number[] = []; while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); } out.push(v); return out; };
const tagged = (field: number, wire: number) => varint((field << 3) | wire);
const ld = (field: number, bytes: number[]) => [...tagged(field, 2), ...varint(bytes.length), ...bytes];
const uint = (field: number, v: number) => [...tagged(field, 0), ...varint(v)];
function encodeResponse(overall: number, statuses: { code: number; limit?: [number, number]; remaining?: number; reset?: number }[]): Uint8Array {
  const out = [...uint(1, overall)];
  for (const s of statuses) {
    let st = [...uint(1, s.code)];
    if (s.limit) st = [...st, ...ld(2, [...uint(1, s.limit[0]), ...uint(2, s.limit[1])])];
    if (s.remaining !== undefined) st = [...st, ...uint(3, s.remaining)];
    if (s.reset !== undefined) st = [...st, ...ld(4, uint(1, s.reset))];
    out.push(...ld(2, st));
  }
  out.push(...ld(7, [1, 2, 3].flatMap(() => [])), ...uint(99, 5)); // unknown/empty fields are skipped
  return Uint8Array.from(out);
}

describe("rate-limit: global mode (RateLimitService/ShouldRateLimit)", () => {
  const globalConfig = (extra: Record<string, unknown> = {}) => ({
    global: { cluster: "ratelimit", domain: "edge", timeout_ms: 250, ...extra },
    rules: [
      { name: "per-ip", global: true, key: [{ source: "client_ip" }, { source: "header", name: "x-plan", descriptor_key: "plan" }] },
      { name: "all", global: true, key: [{ source: "constant", value: "api" }] },
    ],
  });

  it("sends the domain and one descriptor per matching rule, and admits on OK", async () => {
    const host = new Host();
    const seen: ReturnType<typeof decodeRateLimitRequest>[] = [];
    const calls: { path: string; timeoutMs: number }[] = [];
    host.grpc.register("ratelimit", { unary: (call) => { seen.push(decodeRateLimitRequest(call.message)); calls.push({ path: call.path, timeoutMs: call.timeoutMs }); return encodeResponse(1, [{ code: 1, limit: [10, 2], remaining: 9, reset: 42 }, { code: 1 }]); } });
    const { plugin: p } = await plugin(globalConfig(), host);
    const s = send(p, GET("/", { "x-plan": "free" }), { "source.address": "9.9.9.9:1" });
    expect(s.localResponse).toBeUndefined();
    expect(s.continued.length).toBe(1); // resumed from the gRPC callback; send() then let the upstream answer
    expect(calls).toEqual([{ path: "/envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit", timeoutMs: 250 }]);
    expect(seen).toEqual([{ domain: "edge", descriptors: [[["remote_address", "9.9.9.9"], ["plan", "free"]], [["generic_key", "api"]]], hitsAddend: 1 }]);
    expect(s.responseHeader("x-ratelimit-limit")).toBe("10");
    expect(s.responseHeader("x-ratelimit-remaining")).toBe("9");
    expect(s.responseHeader("x-ratelimit-reset")).toBe("42");
    expect(host.metric("rate_limit.rule.per-ip.admitted")?.value).toBe(1n);
    // a rule whose key source is absent sends no descriptor
    send(p, GET("/"), { "source.address": "9.9.9.9:1" });
    expect(seen[1].descriptors).toEqual([[["generic_key", "api"]]]);
  });

  it("answers 429 on OVER_LIMIT with the service's numbers, and only counts in dry run", async () => {
    const host = new Host();
    host.grpc.register("ratelimit", { unary: () => encodeResponse(2, [{ code: 2, limit: [5, 2], remaining: 0, reset: 17 }, { code: 1 }]) });
    const { plugin: p } = await plugin(globalConfig(), host);
    const s = send(p, GET("/", { "x-plan": "free" }), { "source.address": "9.9.9.9:1" });
    expect(s.localResponse?.status).toBe(429);
    expect(header(s, "retry-after")).toBe("17");
    expect(header(s, "x-ratelimit-limit")).toBe("5");
    expect(host.metric("rate_limit.rule.per-ip.limited")?.value).toBe(1n);
    expect(host.metric("rate_limit.rule.all.admitted")?.value).toBe(1n);
    const { plugin: dry } = await plugin({ ...globalConfig(), dry_run: true }, host);
    const d = send(dry, GET("/", { "x-plan": "free" }), { "source.address": "9.9.9.9:1" });
    expect(d.localResponse).toBeUndefined();
    expect(d.continued.length).toBe(1);
  });

  it("applies the failure mode on errors, timeouts and garbage", async () => {
    for (const [mode, expected] of [["allow", undefined], ["deny", 500]] as const) {
      const host = new Host();
      let reply: "unavailable" | "garbage" | "hang" = "unavailable";
      const hanging: GrpcServerCall[] = [];
      host.grpc.register("ratelimit", {
        unary: (call) => {
          if (reply === "hang") { hanging.push(call); return undefined; }
          return reply === "unavailable" ? { status: GrpcStatus.Unavailable, message: "down" } : Uint8Array.from([0x0a, 0xff]);
        },
      });
      const { plugin: p } = await plugin(globalConfig({ failure_mode: mode }), host);
      const check = (s: ReturnType<typeof send>) => {
        expect(s.localResponse?.status).toBe(expected);
        if (expected === undefined) expect(s.continued.length).toBe(1);
      };
      check(send(p, GET("/")));
      reply = "garbage";
      check(send(p, GET("/")));
      reply = "hang";
      const s = send(p, GET("/"));
      expect(s.paused.request).toBe(true);
      // Envoy ends a call at its deadline with DEADLINE_EXCEEDED (the emulator leaves deadlines to the test)
      expect(hanging[0].timeoutMs).toBe(250);
      hanging[0].fail(GrpcStatus.DeadlineExceeded, "timeout");
      check(s);
      expect(host.metric("rate_limit.global.errors")?.value).toBe(3n);
    }
  });

  it("checks local rules first and skips the service call when one denies", async () => {
    const host = new Host();
    let calls = 0;
    host.grpc.register("ratelimit", { unary: () => { calls++; return encodeResponse(1, [{ code: 1 }]); } });
    const { plugin: p } = await plugin({
      global: { cluster: "ratelimit", domain: "edge" },
      rules: [
        { name: "local", key: [{ source: "constant" }], limits: [{ requests: 1, per: "minute" }] },
        { name: "fleet", global: true, key: [{ source: "constant" }] },
      ],
    }, host);
    expect(send(p).continued.length).toBe(1);
    expect(status(send(p))).toBe(429);
    expect(calls).toBe(1);
  });
});

describe("rate-limit: configuration errors name the field", () => {
  const rejected = async (configuration: string | object): Promise<string> => {
    const host = new Host();
    const vm = await host.loadVm(WASM);
    try {
      vm.createPlugin({ configuration });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigureRejected);
      return (e as ConfigureRejected).errorLogs.join("\n");
    }
    throw new Error("configuration was accepted");
  };

  it("rejects zero and negative limits, unknown sources, duplicate names and misplaced fields", async () => {
    const log = await rejected({
      rules: [
        { name: "a", key: [{ source: "client_ip" }], limits: [{ requests: 0, per: "second" }, { requests: 5, per: "fortnight", burst: -1 }] },
        { name: "a", key: [{ source: "cookie" }], limits: [{ requests: 1, per: "minute" }] },
        { name: "g", global: true, key: [{ source: "header" }], limits: [{ requests: 1, per: "minute" }] },
        { name: "b", key: [], limits: [], max_keys: 0, color: "red" },
      ],
    });
    expect(log).toContain("rules[0].limits[0].requests: must be between 1 and 1000000000");
    expect(log).toContain("rules[0].limits[1].per: must be one of second, minute, hour, day");
    expect(log).toContain("rules[0].limits[1].burst: must be between 1 and 1000000000");
    expect(log).toContain("rules[1].name: duplicate rule name \"a\"");
    expect(log).toContain("rules[1].key[0].source: must be one of client_ip, header, query, path, consumer, constant");
    expect(log).toContain("rules[2].global: needs the top-level \"global\" block (cluster, domain)");
    expect(log).toContain("rules[2].limits: not used by global rules: the rate limit service holds the limits");
    expect(log).toContain("rules[2].key[0].name: is required");
    expect(log).toContain("rules[3].color: unknown field");
    expect(log).toContain("rules[3].key: must have at least 1 item");
    expect(log).toContain("rules[3].limits: must have at least 1 item");
    expect(log).toContain("rules[3].max_keys: must be between 1 and 65536");
  });

  it("rejects bad JSON, bad regexes and bad response headers; the previous configuration stays", async () => {
    expect(await rejected("{ rules: ")).toContain("not valid JSON");
    expect(await rejected({ rules: [{ name: "x", match: { path: { regex: "^(a" } }, key: [{ source: "path" }], limits: [{ requests: 1, per: "second" }] }] })).toContain("rules[0].match.path.regex:");
    expect(await rejected({ response: { headers: { "bad header": "x" } }, rules: [{ name: "x", key: [{ source: "path" }], limits: [{ requests: 1, per: "second" }] }] })).toContain("response.headers.bad header: \"bad header\" is not a valid header name");
    const { plugin: p } = await plugin(one([{ requests: 1, per: "minute" }]));
    expect(() => p.reconfigure(one([{ requests: -5, per: "minute" }]))).toThrow(ConfigureRejected);
    expect(statuses(p, 2)).toEqual([200, 429]);
  });
});
