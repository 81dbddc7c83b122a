// auth in the emulator, the asynchronous parts: a remote JWKS served by an emulated cluster
// (first fetch with waiting requests, failures, TTL refresh on ticks, key rotation, kid-flood
// rate limiting on the virtual clock) and ext-authz (allow, deny, timeout, reset, failure modes).
import { describe, expect, it } from "vitest";
import { Host, type HostHttpCall, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { jwks, mint } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";
const ISS = "https://idp.test";

async function load(configuration: unknown, host: Host): Promise<{ plugin: Plugin; now: () => number }> {
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({ rootId: "auth", configuration: configuration as object });
  return { plugin, now: () => Number(host.clock() / 1_000_000_000n) };
}

const req = (path = "/", extra: Record<string, string> = {}, method = "GET") => ({ ":method": method, ":path": path, ":authority": "api.example.com", ":scheme": "https", ...extra });
const claims = (now: number, extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: "user-1", iat: now, exp: now + 3600, ...extra });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

function start(p: Plugin, headers: Record<string, string>): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders(headers, { endOfStream: true });
  return s;
}

/** 200 if the request went upstream (not paused, no local reply), else the local reply's status; 0 while paused. */
function outcome(s: HttpStream): number {
  if (s.localResponse) return s.localResponse.status;
  return s.paused.request ? 0 : 200;
}

function reason(s: HttpStream): string {
  return s.localResponse ? JSON.parse(s.localResponse.bodyText).reason : "";
}

const remoteConfig = (remote: Record<string, unknown> = {}, jwt: Record<string, unknown> = {}) => ({
  providers: [{
    name: "idp",
    jwt: { issuer: ISS, remote_jwks: { cluster: "idp-cluster", path: "/certs", authority: "idp.test", cache_duration_s: 300, min_refetch_interval_s: 30, retry_interval_s: 5, ...remote }, claims_to_headers: [{ claim: "sub", header: "x-user" }], ...jwt },
  }],
  rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
});

describe("auth: remote JWKS", () => {
  it("holds requests until the first fetch, fetching once for all of them", async () => {
    const host = new Host();
    host.addCluster("idp-cluster");
    const { plugin, now } = await load(remoteConfig(), host);
    const token = await mint("rsa1", claims(now()));
    const a = start(plugin, req("/a", bearer(token)));
    const b = start(plugin, req("/b", bearer(token)));
    expect([outcome(a), outcome(b)]).toEqual([0, 0]);
    expect(host.pendingHttpCalls).toHaveLength(1);
    const call = host.pendingHttpCalls[0];
    expect([call.cluster, call.header(":method"), call.header(":path"), call.header(":authority")]).toEqual(["idp-cluster", "GET", "/certs", "idp.test"]);
    call.respond({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(jwks("rsa1", "ec256")) });
    expect([outcome(a), outcome(b)]).toEqual([200, 200]);
    expect(a.requestHeader("x-user")).toBe("user-1");
    expect(a.requestHeader("authorization")).toBeUndefined();
    expect(host.metric("auth.jwks.idp.fetch_ok")?.value).toBe(1n);
    // Later requests use the cached keys without a call.
    expect(outcome(start(plugin, req("/c", bearer(await mint("ec256", claims(now()))))))).toBe(200);
    expect(host.httpCalls).toHaveLength(1);
  });

  it("fails waiting requests with keys_unavailable when the fetch fails, and retries on the tick", async () => {
    const host = new Host();
    host.addCluster("idp-cluster");
    const { plugin, now } = await load(remoteConfig(), host);
    const token = await mint("rsa1", claims(now()));
    const a = start(plugin, req("/", bearer(token)));
    host.pendingHttpCalls[0].respond({ status: 500, body: "boom" });
    expect(outcome(a)).toBe(401);
    expect(reason(a)).toBe("keys_unavailable");
    expect(a.localResponse!.headers).toContainEqual(["www-authenticate", 'Bearer error="invalid_token", error_description="signing keys are unavailable"']);
    // Within the retry interval nothing is fetched again; a request fails at once.
    const b = start(plugin, req("/", bearer(token)));
    expect([outcome(b), host.pendingHttpCalls.length]).toEqual([401, 0]);
    host.advanceTime(6_000);
    expect(host.pendingHttpCalls).toHaveLength(1);
    host.pendingHttpCalls[0].reset();
    host.advanceTime(6_000);
    host.pendingHttpCalls[0].respond({ status: 200, body: JSON.stringify(jwks("rsa1")) });
    expect(outcome(start(plugin, req("/", bearer(token))))).toBe(200);
    expect(host.metric("auth.jwks.idp.fetch_failed")?.value).toBe(2n);
  });

  it("with on_unavailable: deny, fails requests at once while there are no keys (and starts the fetch)", async () => {
    const host = new Host();
    host.addCluster("idp-cluster");
    const { plugin, now } = await load(remoteConfig({ on_unavailable: "deny" }), host);
    const token = await mint("rsa1", claims(now()));
    const a = start(plugin, req("/", bearer(token)));
    expect([outcome(a), reason(a)]).toEqual([401, "keys_unavailable"]);
    host.pendingHttpCalls[0].respond({ body: JSON.stringify(jwks("rsa1")) });
    expect(outcome(start(plugin, req("/", bearer(token))))).toBe(200);
  });

  it("ignores garbage and unusable keys in a JWKS, and treats a set without usable keys as a failure", async () => {
    const host = new Host();
    let body = JSON.stringify({ keys: [{ kty: "RSA", n: "AQAB", e: "AQAB", kid: "bad" }, ...jwks("ec256").keys] });
    host.setClusterHandler("idp-cluster", () => ({ body }));
    const { plugin, now } = await load(remoteConfig(), host);
    const s = start(plugin, req("/", bearer(await mint("ec256", claims(now())))));
    expect(outcome(s)).toBe(200);
    expect(host.logsAt("warn").join("\n")).toContain("JWKS key skipped: keys[0].n/e");
    body = "not json";
    host.advanceTime(301_000);
    expect(host.logsAt("warn").join("\n")).toContain("JWKS fetch from cluster idp-cluster failed: not JSON");
    // The previous keys stay in use.
    expect(outcome(start(plugin, req("/", bearer(await mint("ec256", claims(now()))))))).toBe(200);
  });

  it("refetches on an unknown kid (key rotation) and verifies with the new key", async () => {
    const host = new Host();
    let served = jwks("rsa1");
    host.setClusterHandler("idp-cluster", () => ({ body: JSON.stringify(served) }));
    const { plugin, now } = await load(remoteConfig(), host);
    expect(outcome(start(plugin, req("/", bearer(await mint("rsa1", claims(now()))))))).toBe(200);
    expect(host.httpCalls).toHaveLength(1);
    host.advanceTime(31_000);
    served = jwks("rsa1", "rsa2"); // the IdP rotates in rsa-2
    const rotated = await mint("rsa2", claims(now()));
    const s = start(plugin, req("/", bearer(rotated)));
    expect(outcome(s)).toBe(200);
    expect(host.httpCalls).toHaveLength(2);
    // rsa-1 retired: after the TTL refresh, its tokens (even cached ones) are refused.
    const old = await mint("rsa1", claims(now()));
    expect(outcome(start(plugin, req("/", bearer(old))))).toBe(200);
    served = jwks("rsa2");
    host.advanceTime(301_000);
    expect(host.httpCalls).toHaveLength(3);
    const after = start(plugin, req("/", bearer(old)));
    expect([outcome(after), reason(after)]).toEqual([401, "unknown_kid"]);
  });

  it("rate-limits refetches under a flood of unknown kids", async () => {
    const host = new Host();
    host.setClusterHandler("idp-cluster", () => ({ body: JSON.stringify(jwks("rsa1")) }));
    const { plugin, now } = await load(remoteConfig({ min_refetch_interval_s: 60 }), host);
    expect(outcome(start(plugin, req("/", bearer(await mint("rsa1", claims(now()))))))).toBe(200);
    host.advanceTime(61_000);
    const flood = await Promise.all(Array.from({ length: 50 }, (_, i) => mint("rsa1", claims(now()), { kid: `random-${i}` })));
    const results = flood.map((t) => { const s = start(plugin, req("/", bearer(t))); return [outcome(s), reason(s)]; });
    expect(results.every(([o, r]) => o === 401 && r === "unknown_kid")).toBe(true);
    expect(host.httpCalls).toHaveLength(2); // the first unknown kid refetched once; the other 49 did not
    expect(host.metric("auth.jwks.idp.refetch_rate_limited")?.value).toBe(49n);
    host.advanceTime(30_000);
    start(plugin, req("/", bearer(flood[0])));
    expect(host.httpCalls).toHaveLength(2);
    host.advanceTime(31_000);
    start(plugin, req("/", bearer(flood[0])));
    expect(host.httpCalls).toHaveLength(3);
  });

  it("forgets a request that ends while it waits", async () => {
    const host = new Host();
    host.addCluster("idp-cluster");
    const { plugin, now } = await load(remoteConfig(), host);
    const token = await mint("rsa1", claims(now()));
    const gone = start(plugin, req("/", bearer(token)));
    gone.complete();
    const waiting = start(plugin, req("/", bearer(token)));
    host.pendingHttpCalls[0].respond({ body: JSON.stringify(jwks("rsa1")) });
    expect(outcome(waiting)).toBe(200);
    expect(gone.localResponse).toBeUndefined();
  });

  it("caps the number of waiting requests", async () => {
    const host = new Host();
    host.addCluster("idp-cluster");
    const { plugin, now } = await load(remoteConfig({ max_waiting: 2 }), host);
    const token = await mint("rsa1", claims(now()));
    const streams = [1, 2, 3].map(() => start(plugin, req("/", bearer(token))));
    expect(streams.map(outcome)).toEqual([0, 0, 401]);
    host.pendingHttpCalls[0].respond({ body: JSON.stringify(jwks("rsa1")) });
    expect(streams.map(outcome)).toEqual([200, 200, 401]);
  });

  it("refuses at configure time what a remote JWKS needs", async () => {
    const host = new Host();
    await expect(load({ providers: [{ name: "idp", jwt: { remote_jwks: { cluster: "", path: "certs", timeout_ms: 0 } } }] }, host)).rejects.toThrow(
      /providers\[0\]\.jwt\.remote_jwks\.cluster: must not be empty.*remote_jwks\.path: must start with '\/'.*remote_jwks\.timeout_ms: must be between 1 and 60000/s,
    );
  });
});

const authzConfig = (extra: Record<string, unknown> = {}, rule: unknown = "authz") => ({
  providers: [
    { name: "idp", jwt: { issuer: ISS, jwks: jwks("ec256") } },
    {
      name: "authz",
      ext_authz: { cluster: "authz", authority: "authz.internal", path_prefix: "/check", timeout_ms: 250, headers_to_send: ["authorization", "x-tenant"], headers_to_upstream: ["x-user-id", "x-user-roles"], ...extra },
    },
  ],
  rules: [{ match: { path: { prefix: "/" } }, requires: rule }],
});

describe("auth: ext-authz", () => {
  it("allows on 2xx, sends the chosen headers, and copies only allow-listed response headers upstream", async () => {
    const host = new Host();
    const seen: HostHttpCall[] = [];
    host.setClusterHandler("authz", (call) => { seen.push(call); return { status: 200, headers: { "x-user-id": "u-7", "x-admin": "true", "x-user-roles": "a,b" } }; });
    const { plugin } = await load(authzConfig(), host);
    const s = start(plugin, req("/orders/1?x=2", { authorization: "Bearer opaque", "x-tenant": "t1", cookie: "c=1", "x-user-id": "spoofed" }, "DELETE"));
    expect(outcome(s)).toBe(200);
    expect([s.requestHeader("x-user-id"), s.requestHeader("x-user-roles"), s.requestHeader("x-admin")]).toEqual(["u-7", "a,b", undefined]);
    const call = seen[0];
    expect([call.header(":method"), call.header(":path"), call.header(":authority"), call.header("authorization"), call.header("x-tenant"), call.header("cookie")])
      .toEqual(["DELETE", "/check/orders/1?x=2", "authz.internal", "Bearer opaque", "t1", undefined]);
  });

  it("denies with the service's status, body and allow-listed headers", async () => {
    const host = new Host();
    host.setClusterHandler("authz", () => ({ status: 401, headers: { "www-authenticate": 'Bearer realm="corp"', "x-internal": "secret", "content-type": "text/plain" }, body: "go away" }));
    const { plugin } = await load(authzConfig(), host);
    const s = start(plugin, req("/"));
    expect(s.localResponse?.status).toBe(401);
    expect(s.localResponse?.bodyText).toBe("go away");
    expect(s.localResponse?.headers).toContainEqual(["www-authenticate", 'Bearer realm="corp"']);
    expect(s.localResponse?.headers.some(([k]) => k === "x-internal")).toBe(false);
    expect(host.metric("auth.provider.authz.denied.authz_denied")?.value).toBe(1n);
  });

  it("treats a timeout or reset as a failure: deny with status_on_error, or allow in failure_mode allow", async () => {
    for (const [mode, expected] of [["deny", 503], ["allow", 200]] as const) {
      const host = new Host();
      host.addCluster("authz");
      const { plugin } = await load(authzConfig({ failure_mode: mode, status_on_error: 503 }), host);
      const a = start(plugin, req("/"));
      const b = start(plugin, req("/"));
      expect([outcome(a), outcome(b)]).toEqual([0, 0]);
      host.pendingHttpCalls[0].timeout();
      host.pendingHttpCalls[0].reset();
      expect([outcome(a), outcome(b)]).toEqual([expected, expected]);
      if (mode === "deny") expect(reason(a)).toBe("authz_error");
    }
  });

  it("fails per failure_mode when the host refuses the call (unknown cluster)", async () => {
    const host = new Host();
    const { plugin } = await load(authzConfig({ cluster: "nowhere" }), host);
    const s = start(plugin, req("/"));
    expect([outcome(s), reason(s)]).toEqual([403, "authz_error"]);
  });

  it("is not called when an earlier any_of alternative succeeds; is called after it fails", async () => {
    const host = new Host();
    host.setClusterHandler("authz", () => ({ status: 200 }));
    const { plugin, now } = await load(authzConfig({}, { any_of: ["idp", "authz"] }), host);
    expect(outcome(start(plugin, req("/", bearer(await mint("ec256", claims(now()))))))).toBe(200);
    expect(host.httpCalls).toHaveLength(0);
    expect(outcome(start(plugin, req("/", bearer("not-a-jwt"))))).toBe(200);
    expect(host.httpCalls).toHaveLength(1);
  });

  it("drops the answer for a request that ended while waiting", async () => {
    const host = new Host();
    host.addCluster("authz");
    const { plugin } = await load(authzConfig(), host);
    const s = start(plugin, req("/"));
    s.complete();
    host.pendingHttpCalls[0].respond({ status: 200 });
    expect(s.localResponse).toBeUndefined();
  });
});
