// auth through a real Envoy with live traffic, one mode per path prefix: inline JWKS, a remote
// JWKS served by a real local HTTP server as an Envoy cluster (first fetch, key rotation), API
// keys, Basic, and ext-authz against a real local HTTP server. Two worker threads, so every
// worker fetches and caches on its own as in production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, jwks, mint, passwordHash, sha256Hex } from "../fixtures/auth/tokens.ts";
import { uniquePath, type Echo } from "./support/filters.ts";
import { MODE, createHarness, requireWasm, type Harness, type Target } from "./support/target.ts";
import { serveHttp, type HttpService } from "../../src/util/http-server.ts";

const WASM = "auth.wasm";
const ISS = "https://idp.e2e";


describe.skipIf(MODE !== "local")(`auth through Envoy [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;
  let jwksServer: HttpService;
  let authzServer: HttpService;
  let served: unknown = jwks("rsa1");
  const jwksRequests: string[] = [];
  const authzRequests: { method?: string; url?: string; headers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    requireWasm(WASM);
    jwksServer = await serveHttp((req, res) => {
      jwksRequests.push(`${req.method} ${req.url} ${req.headers.host}`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(served));
    });
    authzServer = await serveHttp((req, res) => {
      authzRequests.push({ method: req.method, url: req.url, headers: req.headers });
      if (req.headers["x-ticket"] === "good") res.writeHead(200, { "x-user-id": "u-42", "x-not-listed": "1" }).end();
      else if (req.headers["x-ticket"] === "slow") setTimeout(() => res.writeHead(200).end(), 2000);
      else res.writeHead(403, { "content-type": "text/plain", "x-internal": "secret" }).end("ticket refused");
    });
    const configuration = {
      default: "deny",
      providers: [
        { name: "inline", jwt: { issuer: ISS, audiences: ["e2e"], jwks: jwks("ec256"), claims_to_headers: [{ claim: "sub", header: "x-user" }, { claim: "realm_access.roles", header: "x-roles" }], payload_header: "x-jwt-payload" } },
        { name: "remote", jwt: { issuer: ISS, remote_jwks: { cluster: "jwks", path: "/realms/e2e/certs", authority: "idp.e2e", cache_duration_s: 600, min_refetch_interval_s: 0 }, claims_to_headers: [{ claim: "sub", header: "x-user" }] } },
        { name: "keys", api_key: { from: [{ header: "x-api-key" }, { query: "api_key" }], consumers: [{ name: "acme", key_sha256: sha256Hex("acme-e2e-0123456789") }] } },
        { name: "ops", basic: { realm: "ops", users: [{ username: "alice", password_hash: passwordHash("wonderland", "e2e-salt-123", 10000) }] } },
        { name: "authz", ext_authz: { cluster: "authz", path_prefix: "/verify", timeout_ms: 500, headers_to_send: ["x-ticket"], headers_to_upstream: ["x-user-id"], failure_mode: "deny", status_on_error: 503 } },
      ],
      rules: [
        { match: { path: { exact: "/healthz" } }, allow: true },
        { match: { path: { prefix: "/inline/" } }, requires: "inline" },
        { match: { path: { prefix: "/remote/" } }, requires: "remote" },
        { match: { path: { prefix: "/keys/" } }, requires: "keys" },
        { match: { path: { prefix: "/basic/" } }, requires: "ops" },
        { match: { path: { prefix: "/authz/" } }, requires: "authz" },
        { match: { path: { prefix: "/admin/" } }, requires: "inline", claims: [{ claim: "realm_access.roles", contains: "admin" }] },
      ],
    };
    harness = await createHarness();
    envoy = await harness.start([{ name: "auth", wasm: WASM, rootId: "auth", configuration }], {
      clusters: [{ name: "jwks", host: "127.0.0.1", port: jwksServer.port }, { name: "authz", host: "127.0.0.1", port: authzServer.port }],
      concurrency: 2,
    });
  });
  afterAll(async () => {
    await harness?.close();
    await jwksServer?.close();
    await authzServer?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, aud: "e2e", sub: "user-1", iat: now(), exp: now() + 300, ...extra });
  const get = (prefix: string, headers: Record<string, string> = {}, query = "") => fetch(envoy.url + uniquePath(prefix) + query, { headers });

  it("lets /healthz through and denies unmatched paths with 403 JSON", async () => {
    expect((await fetch(envoy.url + "/healthz")).status).toBe(200);
    const res = await get("nowhere");
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden", reason: "no_rule" });
  });

  it("inline JWKS: accepts a jose-minted ES256 token, passes claims upstream, strips the token and spoofed identity headers", async () => {
    const token = await mint("ec256", claims({ realm_access: { roles: ["reader", "writer"] } }));
    const res = await get("inline/", { authorization: `Bearer ${token}`, "x-user": "spoof", "x-consumer": "spoof" });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.headers["x-user"]).toBe("user-1");
    expect(seen.headers["x-roles"]).toBe("reader,writer");
    expect(seen.headers["x-consumer"]).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(JSON.parse(Buffer.from(seen.headers["x-jwt-payload"], "base64url").toString()).sub).toBe("user-1");
  });

  it("inline JWKS: 401 with WWW-Authenticate for missing, expired and forged tokens; 403 for a missing role", async () => {
    const missing = await get("inline/");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    const expired = await get("inline/", { authorization: `Bearer ${await mint("ec256", claims({ exp: now() - 3600 }))}` });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toBe('Bearer error="invalid_token", error_description="token has expired"');
    const forged = (await mint("ec256", claims())).replace(/\.[^.]+$/, ".AAAA");
    const bad = await get("inline/", { authorization: `Bearer ${forged}` });
    expect([bad.status, ((await bad.json()) as { reason: string }).reason]).toEqual([401, "bad_signature"]);
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
    expect((await get("inline/", { authorization: `Bearer ${none}` })).status).toBe(401);
    const reader = await get("admin/", { authorization: `Bearer ${await mint("ec256", claims({ realm_access: { roles: ["reader"] } }))}` });
    expect(reader.status).toBe(403);
    expect((await get("admin/", { authorization: `Bearer ${await mint("ec256", claims({ realm_access: { roles: ["admin"] } }))}` })).status).toBe(200);
  });

  it("remote JWKS: the first request waits for the fetch through the cluster; a rotated key is fetched on its unknown kid", async () => {
    const token = await mint("rsa1", claims());
    const res = await get("remote/", { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Echo).headers["x-user"]).toBe("user-1");
    expect(jwksRequests.length).toBeGreaterThanOrEqual(1);
    expect(jwksRequests[0]).toBe("GET /realms/e2e/certs idp.e2e");
    // The IdP rotates to rsa-2: a token with the new kid makes the worker refetch.
    served = jwks("rsa1", "rsa2");
    const before = jwksRequests.length;
    const rotated = await mint("rsa2", claims({ sub: "user-2" }));
    for (let i = 0; i < 4; i++) {
      const r = await get("remote/", { authorization: `Bearer ${rotated}` });
      expect(r.status).toBe(200);
      expect(((await r.json()) as Echo).headers["x-user"]).toBe("user-2");
    }
    expect(jwksRequests.length).toBeGreaterThan(before);
    expect(jwksRequests.length - before).toBeLessThanOrEqual(2); // at most once per worker
    const unknown = await get("remote/", { authorization: `Bearer ${await mint("rsa1", claims(), { kid: "never-published" })}` });
    expect([unknown.status, ((await unknown.json()) as { reason: string }).reason]).toEqual([401, "unknown_kid"]);
    expect(await envoy.stat("wasmcustom.auth.jwks.remote.fetch_ok")).toBeGreaterThanOrEqual(2);
  });

  it("API keys: header or query, consumer forwarded upstream, key stripped", async () => {
    const res = await get("keys/", { "x-api-key": "acme-e2e-0123456789", "x-consumer": "globex" });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.headers["x-consumer"]).toBe("acme");
    expect(seen.headers["x-api-key"]).toBeUndefined();
    const q = await get("keys/", {}, "?api_key=acme-e2e-0123456789&page=2");
    const qs = (await q.json()) as Echo;
    expect(qs.path).toMatch(/\?page=2$/);
    const wrong = await get("keys/", { "x-api-key": "acme-e2e-012345678X" });
    expect([wrong.status, wrong.headers.get("www-authenticate")]).toEqual([401, 'ApiKey realm="keys"']);
  });

  it("Basic: PBKDF2-checked password, realm challenge", async () => {
    const ok = await get("basic/", { authorization: basic("alice", "wonderland") });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Echo).headers["x-consumer"]).toBe("alice");
    const bad = await get("basic/", { authorization: basic("alice", "wrong") });
    expect([bad.status, bad.headers.get("www-authenticate")]).toEqual([401, 'Basic realm="ops", charset="UTF-8"']);
  });

  it("ext-authz: allows with allow-listed headers, denies with the service's answer, fails closed on timeout", async () => {
    const ok = await get("authz/", { "x-ticket": "good", "x-user-id": "spoof" });
    expect(ok.status).toBe(200);
    const seen = (await ok.json()) as Echo;
    expect(seen.headers["x-user-id"]).toBe("u-42");
    expect(seen.headers["x-not-listed"]).toBeUndefined();
    const call = authzRequests.at(-1)!;
    expect(call.method).toBe("GET");
    expect(call.url).toMatch(/^\/verify\/authz\//);
    expect(call.headers["x-ticket"]).toBe("good");
    const denied = await get("authz/", { "x-ticket": "bad" });
    expect([denied.status, await denied.text(), denied.headers.get("x-internal")]).toEqual([403, "ticket refused", null]);
    const slow = await get("authz/", { "x-ticket": "slow" });
    expect([slow.status, ((await slow.json()) as { reason: string }).reason]).toEqual([503, "authz_error"]);
  });

  it("counts outcomes by provider and reason in Envoy's stats", async () => {
    const stats = await envoy.stats();
    expect(stats.get("wasmcustom.auth.allowed")).toBeGreaterThan(5);
    expect(stats.get("wasmcustom.auth.provider.inline.denied.expired")).toBeGreaterThanOrEqual(1);
    expect(stats.get("wasmcustom.auth.provider.keys.allowed")).toBeGreaterThanOrEqual(2);
    expect(stats.get("wasmcustom.auth.denied.no_rule")).toBeGreaterThanOrEqual(1);
    expect(stats.get("wasmcustom.auth.bypass")).toBeGreaterThanOrEqual(1);
  });

  it("a configuration with errors keeps Envoy from starting, naming the fields", async () => {
    const log = await harness.startExpectingFailure([{
      name: "auth", wasm: WASM, rootId: "auth",
      configuration: { providers: [{ name: "a", jwt: { jwks: { keys: [] }, algorithms: ["XS256"] } }, { name: "a", api_key: { consumers: [] } }], rules: [{ requires: "b" }] },
    }]);
    expect(log).toContain("providers[0].jwt.algorithms[0]: unknown algorithm XS256");
    expect(log).toContain("providers[1].name: duplicate provider name a");
    expect(log).toContain("rules[0].requires: unknown provider b");
  });
});
