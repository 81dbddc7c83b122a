// rate-limit through a real Envoy with two workers (--concurrency 2) and live concurrent
// traffic: exact admission across workers (shared-data CAS), headers on admitted and limited
// responses, per-client keys from X-Forwarded-For, dry run, metrics in /stats, and a
// configuration Envoy must refuse. Local mode only (worker count is a launcher option).
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";

const WASM = "rate-limit.wasm";

const CONFIG = {
  client_ip: { xff_trusted_hops: 1 },
  headers: { x_ratelimit: true, ietf: true, on_admitted: true },
  response: { body: "{\"error\":\"too many requests\"}", headers: { "content-type": "application/json", "x-limited-by": "envoy-as" } },
  rules: [
    // 50 per hour: no refill worth a token during the test (one every 72 s).
    { name: "exact", match: { path: { prefix: "/exact/" } }, key: [{ source: "constant" }], limits: [{ requests: 50, per: "hour" }] },
    { name: "per-ip", match: { path: { prefix: "/ip/" } }, key: [{ source: "client_ip" }], limits: [{ requests: 3, per: "hour" }], max_keys: 256 },
    { name: "dry", dry_run: true, match: { path: { prefix: "/dry/" } }, key: [{ source: "constant" }], limits: [{ requests: 2, per: "hour" }] },
    { name: "login", match: { path: { exact: "/login" }, method: ["POST"] }, key: [{ source: "client_ip" }], limits: [{ requests: 2, per: "minute" }, { requests: 5, per: "hour" }] },
  ],
};

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string; localPort: number }

function get(url: string, agent: Agent, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, method, headers }, (res) => {
      const localPort = res.socket?.localPort ?? 0;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, localPort }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** `total` requests over `connections` concurrent keep-alive connections. */
async function flood(url: string, total: number, connections: number): Promise<{ replies: Reply[]; sockets: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const replies: Reply[] = [];
  const sockets = new Set<number>();
  let issued = 0;
  const lane = async () => {
    while (issued < total) {
      issued++;
      const r = await get(url, agent);
      sockets.add(r.localPort);
      replies.push(r);
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  agent.destroy();
  return { replies, sockets: sockets.size };
}

describe.skipIf(MODE !== "local")("rate-limit through Envoy with 2 workers [local]", () => {
  let harness: Harness;
  let envoy: Target;
  const agent = new Agent({ keepAlive: true });

  beforeAll(async () => {
    requireWasm(WASM);
    harness = await createHarness();
    envoy = await harness.start([{ name: "rate-limit", wasm: WASM, configuration: CONFIG, vmId: "rate-limit" }], { concurrency: 2 });
  });
  afterAll(async () => {
    agent.destroy();
    await harness?.close();
  });

  it("admits exactly 50 of 300 requests over 30 concurrent keep-alive connections (both workers share the bucket)", async () => {
    const workerConnections = async () => {
      const stats = await envoy.stats();
      const per = [0, 0];
      for (const [name, v] of stats) {
        const m = name.match(/^listener\.127\.0\.0\.1_\d+\.worker_(\d)\.downstream_cx_total$/);
        if (m) per[Number(m[1])] += v;
      }
      return per;
    };
    const before = await workerConnections();
    const { replies, sockets } = await flood(`${envoy.url}/exact/x`, 300, 30);
    const after = await workerConnections();
    const perWorker = after.map((n, i) => n - before[i]);
    const admitted = replies.filter((r) => r.status === 200).length;
    const limited = replies.filter((r) => r.status === 429).length;
    console.log(`rate-limit e2e: 300 requests over ${sockets} connections (per worker: ${perWorker.join(" + ")}) → ${admitted} admitted, ${limited} × 429`);
    expect(sockets).toBe(30);
    expect(perWorker[0] + perWorker[1]).toBe(30);
    expect(Math.min(...perWorker)).toBeGreaterThan(0); // both workers took connections
    expect(replies).toHaveLength(300);
    expect(admitted).toBe(50);
    expect(limited).toBe(250);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.exact.admitted")).toBe(50);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.exact.limited")).toBe(250);
    expect(await envoy.stat("wasmcustom.rate_limit.store_errors")).toBe(0);
    const remaining = replies.filter((r) => r.status === 200).map((r) => Number(r.headers["x-ratelimit-remaining"])).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 50 }, (_, i) => i)); // every token handed out exactly once
  }, 60_000);

  it("sends the configured 429 with Retry-After, X-RateLimit-* and RateLimit headers", async () => {
    const r = await get(`${envoy.url}/exact/again`, agent);
    expect(r.status).toBe(429);
    expect(r.body).toBe("{\"error\":\"too many requests\"}");
    expect(r.headers["content-type"]).toBe("application/json");
    expect(r.headers["x-limited-by"]).toBe("envoy-as");
    expect(Number(r.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(r.headers["retry-after"])).toBeLessThanOrEqual(72);
    expect(r.headers["x-ratelimit-limit"]).toBe("50");
    expect(r.headers["x-ratelimit-remaining"]).toBe("0");
    expect(r.headers["ratelimit-policy"]).toBe("\"exact\";q=50;w=3600");
    expect(r.headers["ratelimit"]).toMatch(/^"exact";r=0;t=\d+$/);
  });

  it("keys clients by X-Forwarded-For (one trusted hop) and adds headers to admitted responses", async () => {
    const client = (ip: string) => get(`${envoy.url}/ip/x`, agent, { "x-forwarded-for": ip });
    const a = [await client("203.0.113.1"), await client("203.0.113.1"), await client("203.0.113.1"), await client("203.0.113.1")];
    expect(a.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(a.slice(0, 3).map((r) => r.headers["x-ratelimit-remaining"])).toEqual(["2", "1", "0"]);
    expect(a[0].headers["x-ratelimit-limit"]).toBe("3");
    expect(a[0].headers["ratelimit-policy"]).toBe("\"per-ip\";q=3;w=3600");
    const b = await client("203.0.113.2");
    expect(b.status).toBe(200);
    expect(b.headers["x-ratelimit-remaining"]).toBe("2");
  });

  it("guards a login endpoint per client with a minute and an hour limit", async () => {
    const login = () => get(`${envoy.url}/login`, agent, { "x-forwarded-for": "198.51.100.7" }, "POST");
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await login()).status);
    expect(codes).toEqual([200, 200, 429, 429]);
    expect((await get(`${envoy.url}/login`, agent, { "x-forwarded-for": "198.51.100.7" })).status).toBe(200); // GET is not guarded
  });

  it("dry run counts and adds headers but never rejects", async () => {
    const { replies } = await flood(`${envoy.url}/dry/x`, 10, 5);
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.filter((r) => r.headers["x-ratelimit-remaining"] === "0")).toHaveLength(9);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.dry.admitted")).toBe(2);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.dry.limited")).toBe(8);
  });
});

describe.skipIf(MODE !== "local")("rate-limit: a configuration Envoy must refuse [local]", () => {
  it("fails to start and names the fields", async () => {
    requireWasm(WASM);
    const harness = await createHarness();
    try {
      const bad = { rules: [{ name: "a", key: [{ source: "cookie" }], limits: [{ requests: 0, per: "second" }] }, { name: "a", key: [{ source: "path" }], limits: [{ requests: 1, per: "minute" }] }] };
      const logs = await harness.startExpectingFailure([{ name: "rate-limit", wasm: WASM, configuration: bad }]);
      expect(logs).toContain("rules[0].key[0].source: must be one of client_ip, header, query, path, consumer, constant");
      expect(logs).toContain("rules[0].limits[0].requests: must be between 1 and 1000000000");
      expect(logs).toContain('rules[1].name: duplicate rule name "a"');
    } finally {
      await harness.close();
    }
  }, 60_000);
});
