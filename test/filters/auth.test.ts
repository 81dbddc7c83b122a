// auth in the emulator: rules, JWT (every algorithm, every rejection), token sources, claims,
// the verified-token cache, API keys, Basic, responses and configuration errors. Remote JWKS
// and ext-authz are in auth-callouts.test.ts. Tokens come from jose (test/fixtures/auth/tokens.ts).
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { KEYS, RFC7515, basic, jwks, mint, passwordHash, publicJwk, sha256Hex, signRaw } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";

async function load(configuration: unknown, host = new Host()): Promise<{ host: Host; plugin: Plugin; now: number }> {
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({ rootId: "auth", configuration: configuration as object });
  return { host, plugin, now: Number(host.clock() / 1_000_000_000n) };
}

type Req = Record<string, string>;
const req = (path = "/", extra: Req = {}, method = "GET"): Req => ({ ":method": method, ":path": path, ":authority": "api.example.com", ":scheme": "https", ...extra });

function send(p: Plugin, headers: Req): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders(headers, { endOfStream: true });
  if (!s.localResponse && !s.paused.request) {
    s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    s.complete();
  }
  return s;
}

/** Status the client sees: the local reply's, or 200 when the request went upstream. */
function status(s: HttpStream): number {
  return s.localResponse ? s.localResponse.status : 200;
}

function reply(s: HttpStream): { status: number; reason: string; message: string } {
  const lr = s.localResponse;
  if (!lr) return { status: 200, reason: "", message: "" };
  const body = JSON.parse(lr.bodyText);
  return { status: lr.status, reason: body.reason, message: body.message };
}

function header(s: HttpStream, name: string): string[] {
  return (s.localResponse?.headers ?? []).filter(([k]) => k === name).map(([, v]) => v);
}

const ISS = "https://idp.test";
const jwtProvider = (keys: string[], extra: Record<string, unknown> = {}) => ({ name: "idp", jwt: { issuer: ISS, jwks: jwks(...keys), ...extra } });
const requireAll = (provider = "idp") => ({ rules: [{ match: { path: { prefix: "/" } }, requires: provider }] });

async function jwtPlugin(keys: string[], extra: Record<string, unknown> = {}, host?: Host) {
  return load({ providers: [jwtProvider(keys, extra)], ...requireAll() }, host);
}

const claims = (now: number, extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: "user-1", iat: now, exp: now + 600, ...extra });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe("auth: rules", () => {
  const config = {
    default: "deny",
    providers: [{ name: "keys", api_key: { consumers: [{ name: "acme", key: "acme-key-0123456789" }] } }],
    rules: [
      { name: "health", match: { path: { exact: "/healthz" }, method: ["GET"] }, allow: true },
      { name: "blocked", match: { path: { prefix: "/internal/" } }, deny: true },
      { name: "reports", match: { path: { regex: "/reports/[0-9]+" }, host: "*.example.com" }, requires: "keys" },
      { name: "api", match: { path: { prefix: "/api/" }, host: ["api.example.com"] }, requires: "keys" },
    ],
  };

  it("bypasses allow rules, denies deny rules and unmatched requests with 403, requires credentials elsewhere", async () => {
    const { plugin, host } = await load(config);
    expect(status(send(plugin, req("/healthz")))).toBe(200);
    expect(status(send(plugin, req("/healthz", {}, "POST")))).toBe(403); // method does not match: no rule
    expect(reply(send(plugin, req("/internal/x")))).toMatchObject({ status: 403, reason: "rule_deny" });
    expect(reply(send(plugin, req("/elsewhere")))).toMatchObject({ status: 403, reason: "no_rule" });
    expect(reply(send(plugin, req("/api/x")))).toMatchObject({ status: 401, reason: "missing" });
    expect(status(send(plugin, req("/api/x", { "x-api-key": "acme-key-0123456789" })))).toBe(200);
    expect(status(send(plugin, req("/api/x", { ":authority": "other.example.org" })))).toBe(403);
    expect(reply(send(plugin, req("/reports/42")))).toMatchObject({ status: 401 });
    expect(reply(send(plugin, req("/reports/42x")))).toMatchObject({ status: 403, reason: "no_rule" }); // regex is a whole-path match
    expect(host.metric("auth.bypass")?.value).toBe(1n);
    expect(host.metric("auth.denied.no_rule")?.value).toBe(4n);
    expect(host.metric("auth.denied.rule_deny")?.value).toBe(1n);
  });

  it("default allow lets unmatched requests through, but never an ambiguous path", async () => {
    const { plugin } = await load({ ...config, default: "allow", rules: [{ match: { path: { prefix: "/admin" } }, requires: "keys" }, { match: { path: { exact: "/public" } }, allow: true }] });
    expect(status(send(plugin, req("/anything")))).toBe(200);
    expect(status(send(plugin, req("/admin/x")))).toBe(401);
    for (const path of ["/x/../admin/x", "/x/%2e%2e/admin", "//admin", "/x%2Fadmin", "/x\\admin", "/public/.", "/./public"]) {
      expect([path, status(send(plugin, req(path)))]).toEqual([path, 403]);
    }
    expect(status(send(plugin, req("/public?x=../y")))).toBe(200); // the query is not the path
  });

  it("strips client-supplied identity headers on every request, including bypassed ones", async () => {
    const { plugin } = await load({
      providers: [jwtProvider(["ec256"], { claims_to_headers: [{ claim: "sub", header: "x-user" }], payload_header: "x-jwt-payload" })],
      rules: [{ match: { path: { prefix: "/" } }, allow: true }],
    });
    const s = send(plugin, req("/", { "x-consumer": "admin", "x-user": "root", "x-jwt-payload": "e30" }));
    expect(status(s)).toBe(200);
    expect([s.requestHeader("x-consumer"), s.requestHeader("x-user"), s.requestHeader("x-jwt-payload")]).toEqual([undefined, undefined, undefined]);
  });
});

describe("auth: JWT algorithms", () => {
  const cases: [string, string][] = [
    ["rsa1", "RS256"], ["rsa1", "RS384"], ["rsa1", "RS512"], ["rsa1", "PS256"], ["rsa1", "PS384"], ["rsa1", "PS512"], ["rsa3072", "PS256"],
    ["ec256", "ES256"], ["ec384", "ES384"], ["ed", "EdDSA"], ["hmac", "HS256"], ["hmac", "HS384"], ["hmac", "HS512"],
  ];
  for (const [key, alg] of cases) {
    it(`accepts ${alg} (${key}) minted by jose and rejects it tampered`, async () => {
      // Keys pinned to one alg in keys.json are re-published without it for the other algs.
      const jwk = { ...publicJwk(KEYS[key]) } as Record<string, unknown>;
      if (jwk.alg && jwk.alg !== alg) delete jwk.alg;
      const { plugin, now } = await load({ providers: [{ name: "idp", jwt: { issuer: ISS, jwks: { keys: [jwk] } } }], ...requireAll() });
      const token = await mint(key, claims(now), { alg });
      expect(status(send(plugin, req("/", bearer(token))))).toBe(200);
      const [h, p, sig] = token.split(".");
      const forged = Buffer.from(JSON.stringify({ ...claims(now), sub: "admin" })).toString("base64url");
      expect(reply(send(plugin, req("/", bearer(`${h}.${forged}.${sig}`))))).toMatchObject({ status: 401, reason: "bad_signature" });
      const flipped = Buffer.from(sig, "base64url");
      flipped[flipped.length >> 1] ^= 1;
      expect(reply(send(plugin, req("/", bearer(`${h}.${p}.${flipped.toString("base64url")}`))))).toMatchObject({ status: 401, reason: "bad_signature" });
    });
  }

  it("verifies the RFC 7515 appendix A.1 (HS256), A.2 (RS256) and A.3 (ES256) examples", async () => {
    for (const v of [RFC7515.A1, RFC7515.A2, RFC7515.A3]) {
      const host = new Host({ clock: () => BigInt(RFC7515.exp - 100) * 1_000_000_000n });
      const { plugin } = await load({ providers: [{ name: "idp", jwt: { issuer: "joe", jwks: { keys: [v.jwk] }, claims_to_headers: [{ claim: "http://example.com/is_root", header: "x-root" }] } }], ...requireAll() }, host);
      const s = send(plugin, req("/", bearer(v.token)));
      expect(status(s)).toBe(200);
      expect(s.requestHeader("x-root")).toBe("true");
      // Past its exp (plus the default 60 s skew), the same token is expired.
      const later = new Host({ clock: () => BigInt(RFC7515.exp + 61) * 1_000_000_000n });
      const { plugin: p2 } = await load({ providers: [{ name: "idp", jwt: { jwks: { keys: [v.jwk] } } }], ...requireAll() }, later);
      expect(reply(send(p2, req("/", bearer(v.token))))).toMatchObject({ reason: "expired" });
    }
  });
});

describe("auth: JWT rejections", () => {
  it("rejects alg none, unlisted algorithms and a token alg that does not fit the key", async () => {
    const { plugin, now } = await jwtPlugin(["rsa1", "ec256"], { algorithms: ["RS256", "ES256"] });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims(now))).toString("base64url")}.`;
    expect(reply(send(plugin, req("/", bearer(unsigned))))).toMatchObject({ status: 401, reason: "malformed" });
    const unsignedSig = unsigned + "AAAA";
    expect(reply(send(plugin, req("/", bearer(unsignedSig))))).toMatchObject({ status: 401, reason: "bad_alg" });
    // PS256 with the RS256-pinned key: not in the provider's list.
    expect(reply(send(plugin, req("/", bearer(await mint("rsa1", claims(now), { alg: "PS256" })))))).toMatchObject({ reason: "bad_alg" });
    // ES256 header naming the RSA key's kid: the key's kty decides.
    const cross = signRaw("ec256", "ES256", JSON.stringify({ alg: "ES256", kid: "rsa-1" }), JSON.stringify(claims(now)));
    expect(reply(send(plugin, req("/", bearer(cross))))).toMatchObject({ reason: "bad_alg" });
  });

  it("rejects algorithm confusion: HS256 keyed with the RSA public key (JWK n, DER, PEM) is never verified", async () => {
    const { createPublicKey, createHmac } = await import("node:crypto");
    const { plugin, now } = await jwtPlugin(["rsa1"], { algorithms: ["RS256", "HS256"] });
    const pub = createPublicKey({ key: publicJwk(KEYS.rsa1) as any, format: "jwk" });
    const secrets = [Buffer.from(KEYS.rsa1.n!, "base64url"), pub.export({ type: "spki", format: "der" }), Buffer.from(pub.export({ type: "spki", format: "pem" }) as string), Buffer.from(JSON.stringify(publicJwk(KEYS.rsa1)))];
    for (const secret of secrets) {
      for (const kid of ["rsa-1", undefined]) {
        const input = `${Buffer.from(JSON.stringify({ alg: "HS256", ...(kid ? { kid } : {}) })).toString("base64url")}.${Buffer.from(JSON.stringify(claims(now))).toString("base64url")}`;
        const token = `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
        expect(reply(send(plugin, req("/", bearer(token)))).status).toBe(401);
      }
    }
  });

  it("rejects unknown kid, wrong typ, crit, b64:false, duplicate members, oversized and malformed tokens", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"], { typ: "JWT", max_token_bytes: 2048 });
    const c = claims(now);
    const ok = await mint("ec256", c, { typ: "JWT" });
    expect(status(send(plugin, req("/", bearer(ok))))).toBe(200);
    expect(status(send(plugin, req("/", bearer(await mint("ec256", c, { typ: "application/jwt" })))))).toBe(200);
    const expectReason = async (token: string, reason: string) => expect([token.slice(0, 40), reply(send(plugin, req("/", bearer(token)))).reason]).toEqual([token.slice(0, 40), reason]);
    await expectReason(await mint("ec256", c, { typ: "JWT", kid: "nope" }), "unknown_kid");
    await expectReason(await mint("ec256", c, { typ: "at+jwt" }), "bad_typ");
    await expectReason(await mint("ec256", c), "bad_typ");
    await expectReason(signRaw("ec256", "ES256", JSON.stringify({ alg: "ES256", typ: "JWT", kid: "ec-256", crit: ["exp"], exp: 1 }), JSON.stringify(c)), "bad_crit");
    await expectReason(signRaw("ec256", "ES256", JSON.stringify({ alg: "ES256", typ: "JWT", kid: "ec-256", b64: false, crit: ["b64"] }), JSON.stringify(c)), "bad_crit");
    await expectReason(signRaw("ec256", "ES256", '{"alg":"ES256","typ":"JWT","kid":"ec-256","alg":"HS256"}', JSON.stringify(c)), "malformed");
    await expectReason(signRaw("ec256", "ES256", '{"alg":"ES256","typ":"JWT","kid":"ec-256"}', `{"sub":"a","sub":"admin","iss":"${ISS}","exp":${now + 60}}`), "malformed");
    await expectReason(await mint("ec256", { ...c, pad: "x".repeat(2000) }, { typ: "JWT" }), "too_large");
    const [h, p, s] = ok.split(".");
    for (const bad of [`${h}.${p}`, `${h}.${p}.${s}.x.y`, `${h}..${s}`, `${h}.${p}.`, `${h}.${p}+.${s}`, `${h}=.${p}.${s}`, `e30.${p}.${s}`, `bm90IGpzb24.${p}.${s}`, `${h}.bm90IGpzb24.${s}`, `${h}.WzFd.${s}`, `.${p}.${s}`, "", " "]) {
      expect([bad.slice(0, 30), reply(send(plugin, req("/", { authorization: `Bearer ${bad}` }))).status]).toEqual([bad.slice(0, 30), 401]);
    }
    // Non-canonical base64url in the signature (unused low bits set) is malformed, not a second valid spelling.
    const sigBytes = Buffer.from(s, "base64url");
    expect(sigBytes.length % 3).not.toBe(0);
    const last = s.charCodeAt(s.length - 1);
    const alt = s.slice(0, -1) + String.fromCharCode(last + 1);
    expect(status(send(plugin, req("/", bearer(`${h}.${p}.${alt}`))))).toBe(401);
  });

  it("checks exp, nbf and iat with the clock skew, and requires exp by default", async () => {
    const { plugin, now, host } = await jwtPlugin(["ec256"], { clock_skew_s: 30 });
    const r = async (c: Record<string, unknown>) => reply(send(plugin, req("/", bearer(await mint("ec256", c))))).reason || "ok";
    expect(await r(claims(now, { exp: now - 10 }))).toBe("ok"); // within the skew
    expect(await r(claims(now, { exp: now - 31 }))).toBe("expired");
    expect(await r(claims(now, { nbf: now + 20 }))).toBe("ok");
    expect(await r(claims(now, { nbf: now + 40 }))).toBe("not_yet_valid");
    expect(await r(claims(now, { iat: now + 40 }))).toBe("not_yet_valid");
    expect(await r({ iss: ISS, sub: "x" })).toBe("malformed");
    expect(await r(claims(now, { exp: "tomorrow" }))).toBe("malformed");
    const { plugin: lax, now: n2 } = await jwtPlugin(["ec256"], { require_exp: false });
    expect(status(send(lax, req("/", bearer(await mint("ec256", { iss: ISS, iat: n2 }))))) ).toBe(200);
    expect(host.metric("auth.provider.idp.denied.expired")?.value).toBe(1n);
  });

  it("checks issuer and audience", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"], { issuer: [ISS, "https://other.test"], audiences: ["orders", "billing"] });
    const r = async (c: Record<string, unknown>) => reply(send(plugin, req("/", bearer(await mint("ec256", c))))).reason || "ok";
    expect(await r(claims(now, { aud: "orders" }))).toBe("ok");
    expect(await r(claims(now, { aud: ["x", "billing"], iss: "https://other.test" }))).toBe("ok");
    expect(await r(claims(now, { aud: ["x"] }))).toBe("bad_audience");
    expect(await r(claims(now))).toBe("bad_audience");
    expect(await r(claims(now, { aud: "orders", iss: "https://evil.test" }))).toBe("bad_issuer");
    expect(await r(claims(now, { aud: "orders", iss: undefined }))).toBe("bad_issuer");
  });

  it("answers 401 with a Bearer challenge that names only a category, and a JSON body", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"], { realm: "orders" });
    const missing = send(plugin, req("/"));
    expect(missing.localResponse?.status).toBe(401);
    expect(header(missing, "www-authenticate")).toEqual(['Bearer realm="orders"']);
    expect(header(missing, "content-type")).toEqual(["application/json"]);
    expect(JSON.parse(missing.localResponse!.bodyText)).toEqual({ status: 401, error: "unauthorized", reason: "missing", message: "credentials are missing" });
    expect(missing.localResponse?.details).toBe("auth_missing");
    const t = await mint("ec256", claims(now));
    const bad = send(plugin, req("/", bearer(t.slice(0, -4) + "AAAA")));
    expect(header(bad, "www-authenticate")).toEqual(['Bearer realm="orders", error="invalid_token", error_description="token signature is invalid"']);
  });

  it("rejects two Authorization headers instead of picking one", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"]);
    const t = await mint("ec256", claims(now));
    const s = plugin.newHttpStream();
    s.sendRequestHeaders([[":method", "GET"], [":path", "/"], [":authority", "a"], ["authorization", `Bearer ${t}`], ["authorization", "Bearer x.y.z"]], { endOfStream: true });
    expect(reply(s)).toMatchObject({ status: 401, reason: "malformed" });
  });
});

describe("auth: JWT sources, forwarding and claims", () => {
  it("reads the token from a custom header with prefix, a query parameter or a cookie, and strips it by default", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"], { from: [{ header: "x-token", prefix: "JWT " }, { query: "access_token" }, { cookie: "session" }] });
    const t = await mint("ec256", claims(now));
    const a = send(plugin, req("/", { "x-token": `JWT ${t}` }));
    expect([status(a), a.requestHeader("x-token")]).toEqual([200, undefined]);
    const b = send(plugin, req(`/p?a=1&access_token=${t}&b=2`));
    expect([status(b), b.requestHeader(":path")]).toEqual([200, "/p?a=1&b=2"]);
    const c = send(plugin, req("/", { cookie: `theme=dark; session=${t}; lang=en` }));
    expect([status(c), c.requestHeader("cookie")]).toEqual([200, "theme=dark; lang=en"]);
    expect(status(send(plugin, req("/", bearer(t))))).toBe(401); // not a configured source
    expect(reply(send(plugin, req(`/p?access_token=${t}&access_token=${t}`)))).toMatchObject({ reason: "malformed" });
  });

  it("forwards the token when asked", async () => {
    const { plugin, now } = await jwtPlugin(["ec256"], { forward: true });
    const t = await mint("ec256", claims(now));
    expect(send(plugin, req("/", bearer(t))).requestHeader("authorization")).toBe(`Bearer ${t}`);
  });

  it("copies claims (nested, arrays, numbers) to headers, the payload as base64url JSON, and a consumer claim", async () => {
    const { plugin, now } = await jwtPlugin(["rsa1"], {
      claims_to_headers: [
        { claim: "sub", header: "x-user" }, { claim: "realm_access.roles", header: "x-roles" }, { claim: "tenant.id", header: "x-tenant" },
        { claim: "https://example.com/flag", header: "x-flag" }, { claim: "missing", header: "x-missing" }, { claim: "evil", header: "x-evil" },
        { claim: "tenant", header: "x-tenant-json" },
      ],
      payload_header: "x-jwt-payload",
      consumer_claim: "azp",
    });
    const c = claims(now, { azp: "web-app", realm_access: { roles: ["reader", "writer"] }, tenant: { id: 42 }, "https://example.com/flag": true, evil: "a\r\nx-injected: 1" });
    const s = send(plugin, req("/", bearer(await mint("rsa1", c))));
    expect(status(s)).toBe(200);
    expect(s.requestHeader("x-user")).toBe("user-1");
    expect(s.requestHeader("x-roles")).toBe("reader,writer");
    expect(s.requestHeader("x-tenant")).toBe("42");
    expect(s.requestHeader("x-tenant-json")).toBe('{"id":42}');
    expect(s.requestHeader("x-flag")).toBe("true");
    expect(s.requestHeader("x-missing")).toBeUndefined();
    expect(s.requestHeader("x-evil")).toBeUndefined();
    expect(s.requestHeader("x-injected")).toBeUndefined();
    expect(JSON.parse(Buffer.from(s.requestHeader("x-jwt-payload")!, "base64url").toString())).toEqual(c);
    expect(s.requestHeader("x-consumer")).toBe("web-app");
  });

  it("caches verified tokens by hash: repeats skip verification until exp, and the cache is bounded", async () => {
    const { plugin, now, host } = await jwtPlugin(["rsa1"], { clock_skew_s: 0, cache: { max_entries: 2 } });
    const t = await mint("rsa1", claims(now, { exp: now + 100 }));
    for (let i = 0; i < 3; i++) expect(status(send(plugin, req("/", bearer(t))))).toBe(200);
    expect(host.metric("auth.provider.idp.cache_hit")?.value).toBe(2n);
    host.advanceTime(101_000);
    expect(reply(send(plugin, req("/", bearer(t))))).toMatchObject({ reason: "expired" });
    const n = now + 101;
    const tokens = await Promise.all([1, 2, 3].map((i) => mint("rsa1", claims(n, { sub: `u${i}` }))));
    for (const tk of tokens) send(plugin, req("/", bearer(tk)));
    send(plugin, req("/", bearer(tokens[2])));
    send(plugin, req("/", bearer(tokens[0]))); // evicted by the third: verified again
    expect(host.metric("auth.provider.idp.cache_hit")?.value).toBe(3n);
  });
});

describe("auth: API keys", () => {
  const config = (extra: Record<string, unknown> = {}) => ({
    providers: [{
      name: "partners",
      api_key: {
        from: [{ header: "x-api-key" }, { query: "api_key" }],
        consumers: [{ name: "acme", key: "acme-0123456789abcdef" }, { name: "globex", key_sha256: sha256Hex("globex-secret-key-value") }, { name: "acme", key: "acme-rotated-key-2026" }],
        ...extra,
      },
    }],
    rules: [{ match: { path: { prefix: "/" } }, requires: "partners" }],
  });

  it("maps plaintext and SHA-256-configured keys to consumers, from a header or the query, and strips them", async () => {
    const { plugin, host } = await load(config());
    const a = send(plugin, req("/", { "x-api-key": "acme-0123456789abcdef", "x-consumer": "globex" }));
    expect([status(a), a.requestHeader("x-consumer"), a.requestHeader("x-api-key")]).toEqual([200, "acme", undefined]);
    const g = send(plugin, req("/x?api_key=globex-secret-key-value&q=1"));
    expect([status(g), g.requestHeader("x-consumer"), g.requestHeader(":path")]).toEqual([200, "globex", "/x?q=1"]);
    expect(send(plugin, req("/", { "x-api-key": "acme-rotated-key-2026" })).requestHeader("x-consumer")).toBe("acme");
    const wrong = send(plugin, req("/", { "x-api-key": "acme-0123456789abcdeX", "x-consumer": "acme" }));
    expect(reply(wrong)).toMatchObject({ status: 401, reason: "bad_credentials" });
    expect(header(wrong, "www-authenticate")).toEqual(['ApiKey realm="partners"']);
    expect(reply(send(plugin, req("/")))).toMatchObject({ status: 401, reason: "missing" });
    expect(reply(send(plugin, req("/", { "x-api-key": "k".repeat(2000) })))).toMatchObject({ reason: "bad_credentials" });
    expect(host.metric("auth.provider.partners.allowed")?.value).toBe(3n);
    expect(host.metric("auth.provider.partners.denied.bad_credentials")?.value).toBe(2n);
  });

  it("forwards the key when asked; consumer header configurable", async () => {
    const cfg = { ...config({ forward: true }), consumer_header: "x-partner" };
    const { plugin } = await load(cfg);
    const s = send(plugin, req("/", { "x-api-key": "acme-0123456789abcdef", "x-consumer": "spoof" }));
    expect([s.requestHeader("x-api-key"), s.requestHeader("x-partner"), s.requestHeader("x-consumer")]).toEqual(["acme-0123456789abcdef", "acme", "spoof"]);
  });
});

describe("auth: Basic", () => {
  const config = {
    providers: [{ name: "ops", basic: { realm: "Operations", users: [{ username: "alice", password_hash: passwordHash("wonderland") }, { username: "bob", password_hash: passwordHash("builder", "other-salt-1", 2000), consumer: "team-bob" }] } }],
    rules: [{ match: { path: { prefix: "/" } }, requires: "ops" }],
  };

  it("accepts correct passwords, rejects wrong ones and unknown users alike, challenges with the realm", async () => {
    const { plugin } = await load(config);
    const ok = send(plugin, req("/", { authorization: basic("alice", "wonderland") }));
    expect([status(ok), ok.requestHeader("x-consumer"), ok.requestHeader("authorization")]).toEqual([200, "alice", undefined]);
    expect(send(plugin, req("/", { authorization: basic("bob", "builder") })).requestHeader("x-consumer")).toBe("team-bob");
    for (const a of [basic("alice", "Wonderland"), basic("mallory", "wonderland"), basic("alice", "")]) {
      const s = send(plugin, req("/", { authorization: a }));
      expect(reply(s)).toMatchObject({ status: 401, reason: "bad_credentials" });
      expect(header(s, "www-authenticate")).toEqual(['Basic realm="Operations", charset="UTF-8"']);
    }
    for (const a of ["Basic !!!", "Basic " + Buffer.from("no-colon").toString("base64"), "Basic "]) {
      expect(status(send(plugin, req("/", { authorization: a })))).toBe(401);
    }
    // Cached: the second request with the same credentials is answered from the cache.
    expect(status(send(plugin, req("/", { authorization: basic("alice", "wonderland") })))).toBe(200);
  });

  it("accepts a password with ':' and non-ASCII characters (split at the first colon)", async () => {
    const { plugin } = await load({ ...config, providers: [{ name: "ops", basic: { users: [{ username: "zoë", password_hash: passwordHash("pa:ss wörd") }] } }] });
    expect(status(send(plugin, req("/", { authorization: basic("zoë", "pa:ss wörd") })))).toBe(200);
  });
});

describe("auth: requirements and authorization", () => {
  const providers = [
    jwtProvider(["ec256"]),
    { name: "keys", api_key: { consumers: [{ name: "acme", key: "acme-0123456789abcdef" }, { name: "globex", key: "globex-0123456789abcd" }] } },
    { name: "ops", basic: { users: [{ username: "alice", password_hash: passwordHash("wonderland") }] } },
  ];

  it("any_of accepts either; all_of needs both; failures report the most specific reason and every challenge", async () => {
    const { plugin, now } = await load({
      providers,
      rules: [
        { match: { path: { prefix: "/any" } }, requires: { any_of: ["idp", "keys", "ops"] } },
        { match: { path: { prefix: "/all" } }, requires: { all_of: ["idp", { any_of: ["keys", "ops"] }] } },
      ],
    });
    const t = await mint("ec256", claims(now));
    expect(status(send(plugin, req("/any", { "x-api-key": "acme-0123456789abcdef" })))).toBe(200);
    expect(status(send(plugin, req("/any", bearer(t))))).toBe(200);
    const none = send(plugin, req("/any"));
    expect(reply(none)).toMatchObject({ status: 401, reason: "missing" });
    expect(header(none, "www-authenticate")).toEqual(["Bearer", 'ApiKey realm="keys"', 'Basic realm="ops", charset="UTF-8"']);
    expect(reply(send(plugin, req("/any", { "x-api-key": "wrong-key-0123456789" })))).toMatchObject({ reason: "bad_credentials" });
    expect(reply(send(plugin, req("/all", bearer(t))))).toMatchObject({ status: 401, reason: "missing" });
    const both = send(plugin, req("/all", { ...bearer(t), "x-api-key": "globex-0123456789abcd" }));
    expect([status(both), both.requestHeader("x-consumer")]).toEqual([200, "globex"]);
  });

  it("answers 403 when credentials are valid but the rule's consumers or claims do not allow", async () => {
    const { plugin, now } = await load({
      providers,
      rules: [
        { match: { path: { prefix: "/acme" } }, requires: "keys", consumers: ["acme"] },
        { match: { path: { prefix: "/admin" } }, requires: "idp", claims: [{ claim: "realm_access.roles", contains: "admin" }, { claim: "scope", contains: "write" }, { claim: "tenant", equals: "t1" }] },
      ],
    });
    expect(status(send(plugin, req("/acme", { "x-api-key": "acme-0123456789abcdef" })))).toBe(200);
    expect(reply(send(plugin, req("/acme", { "x-api-key": "globex-0123456789abcd" })))).toMatchObject({ status: 403, reason: "forbidden" });
    const good = claims(now, { realm_access: { roles: ["admin"] }, scope: "read write", tenant: "t1" });
    expect(status(send(plugin, req("/admin", bearer(await mint("ec256", good)))))).toBe(200);
    const weak = send(plugin, req("/admin", bearer(await mint("ec256", { ...good, scope: "read" }))));
    expect(reply(weak)).toMatchObject({ status: 403, reason: "forbidden" });
    expect(header(weak, "www-authenticate")).toEqual(['Bearer error="insufficient_scope"']);
    expect(reply(send(plugin, req("/admin", bearer(await mint("ec256", { ...good, tenant: "t2" })))))).toMatchObject({ status: 403 });
  });
});

describe("auth: configuration errors name the field", () => {
  async function rejected(configuration: unknown): Promise<string> {
    try {
      await load(configuration);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigureRejected);
      return (e as ConfigureRejected).errorLogs.join("\n");
    }
    throw new Error("configuration was accepted");
  }

  it("reports bad JWKS, unknown algorithms, duplicate provider names and unknown providers", async () => {
    const badRsa = { ...publicJwk(KEYS.rsa1), n: "AQAB" };
    const log = await rejected({
      providers: [
        { name: "a", jwt: { jwks: { keys: [badRsa] }, algorithms: ["RS256", "HS257", "none"] } },
        { name: "a", api_key: { consumers: [{ name: "x", key: "short" }] } },
        { name: "b", jwt: { jwks: { keys: [KEYS.ec256] } } },
        { name: "c", jwt: { jwks: { keys: [{ kty: "oct", k: "c2hvcnQ" }] } } },
        { name: "d", jwt: { jwks: "{not json", remote_jwks: { cluster: "x", path: "/" } } },
        { name: "e", basic: { users: [{ username: "u", password_hash: "sha1$abc" }, { username: "v", password_hash: "pbkdf2_sha256$10$saltsalt$" + "A".repeat(43) + "=" }] } },
      ],
      rules: [{ requires: { any_of: ["a", "zzz"] } }, { requires: "b", allow: true }],
    });
    expect(log).toContain("providers[0].jwt.jwks: keys[0].n/e: not a usable RSA public key");
    expect(log).toContain("providers[0].jwt.algorithms[1]: unknown algorithm HS257");
    expect(log).toContain('providers[0].jwt.algorithms[2]: "none" (unsigned tokens) is never accepted');
    expect(log).toContain("providers[1].name: duplicate provider name a");
    expect(log).toContain("providers[1].api_key.consumers[0].key: must have at least 16 characters");
    expect(log).toContain("providers[2].jwt.jwks: keys[0].d: private keys are not accepted");
    expect(log).toContain("providers[3].jwt.jwks: keys[0].k: HMAC secrets must have at least 256 bits");
    expect(log).toContain("providers[4].jwt: must have exactly one of jwks, remote_jwks");
    expect(log).toContain("providers[5].basic.users[0].password_hash: must be pbkdf2_sha256$<iterations>$<salt>$<base64 hash>");
    expect(log).toContain("providers[5].basic.users[1].password_hash: iterations must be between 1000 and 10000000");
    expect(log).toContain("rules[0].requires.any_of[1]: unknown provider zzz");
    expect(log).toContain("rules[1]: must have exactly one of requires, allow, deny (found 2)");
  });

  it("accepts the shipped sample config.json (which the build also validates against schema.json)", async () => {
    const { readFileSync } = await import("node:fs");
    const sample = JSON.parse(readFileSync("assembly/filters/auth/config.json", "utf8"));
    const { plugin, host } = await load(sample);
    expect(host.logsAt("info").join("\n")).toContain("auth: configured 4 provider(s), 5 rule(s)");
    expect(status(send(plugin, req("/healthz")))).toBe(200);
    expect(status(send(plugin, req("/public/hello")))).toBe(200);
    // The demo key README.md's quick start uses; only its SHA-256 is in config.json.
    expect(status(send(plugin, req("/api/orders", { "x-api-key": "acme-demo-key-0001" })))).toBe(200);
    expect(status(send(plugin, req("/api/orders", { "x-api-key": "acme-demo-key-0002" })))).toBe(401);
  });

  it("keeps the previous configuration when a reconfiguration is rejected", async () => {
    const { plugin } = await load({ rules: [{ match: { path: { prefix: "/" } }, allow: true }] });
    expect(() => plugin.reconfigure({ rules: [{ requires: "nobody" }] })).toThrow(ConfigureRejected);
    expect(status(send(plugin, req("/")))).toBe(200);
  });
});
