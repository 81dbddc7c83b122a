// auth in the emulator: a provider with several `from` locations verifies the credential at every
// one of them (as Envoy's jwt_authn does, its TestMultipleJWTOneBadFromQuery), so a valid token in
// one place can never carry an unverified one in another to the upstream (issue 17). Tokens are
// minted with jose (test/fixtures/auth/tokens.ts); the same cases run on Envoy in
// test/e2e/auth-sources.e2e.test.ts.
import { describe, expect, it } from "vitest";
import { Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { jwks, mint } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";
const ISS = "https://idp.test";

async function load(configuration: unknown): Promise<{ host: Host; plugin: Plugin; now: number }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({ rootId: "auth", configuration: configuration as object });
  return { host, plugin, now: Number(host.clock() / 1_000_000_000n) };
}

type Req = Record<string, string>;
const req = (path: string, extra: Req = {}): Req => ({ ":method": "GET", ":path": path, ":authority": "api.example.com", ":scheme": "https", ...extra });

function send(p: Plugin, headers: Req): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders(headers, { endOfStream: true });
  if (!s.localResponse && !s.paused.request) {
    s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    s.complete();
  }
  return s;
}

/** The status and reason the client sees; 200 and "" when the request went upstream. */
function outcome(s: HttpStream): [number, string] {
  const lr = s.localResponse;
  return lr ? [lr.status, JSON.parse(lr.bodyText).reason] : [200, ""];
}

/** What went upstream: path, authorization, cookie (undefined when absent). */
function upstream(s: HttpStream): [string | undefined, string | undefined, string | undefined] {
  return [s.requestHeader(":path"), s.requestHeader("authorization"), s.requestHeader("cookie")];
}

const claims = (now: number, extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: "user-1", iat: now, exp: now + 600, ...extra });
/** An unsigned token (`alg: none`) claiming to be the admin: never verifiable. */
const unsigned = (now: number, sig = "") => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims(now, { sub: "admin" }))).toString("base64url")}.${sig}`;

const FROM = [{ header: "authorization", prefix: "Bearer " }, { query: "access_token" }, { cookie: "session" }];
const jwtConfig = (extra: Record<string, unknown> = {}) => ({
  providers: [{ name: "idp", jwt: { issuer: ISS, jwks: jwks("ec256"), from: FROM, claims_to_headers: [{ claim: "sub", header: "x-user" }], ...extra } }],
  rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
});

describe("auth: a JWT provider verifies the token at every `from` location", () => {
  it("refuses a valid header token with an alg:none query token (401, nothing upstream)", async () => {
    const { plugin, host, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const s = send(plugin, req(`/orders?access_token=${unsigned(now)}`, { authorization: `Bearer ${good}` }));
    expect(outcome(s)).toEqual([401, "malformed"]);
    const t = send(plugin, req(`/orders?access_token=${unsigned(now, "AAAA")}`, { authorization: `Bearer ${good}` }));
    expect(outcome(t)).toEqual([401, "bad_alg"]);
    expect(host.metric("auth.provider.idp.denied.malformed")?.value).toBe(1n);
    expect(host.metric("auth.provider.idp.denied.bad_alg")?.value).toBe(1n);
    expect(host.metric("auth.provider.idp.allowed")).toBeUndefined();
  });

  it("refuses a valid header token with a garbage, an empty or a properly signed but expired query token", async () => {
    const { plugin, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const expired = await mint("ec256", claims(now, { exp: now - 3600 }));
    const cases: [string, [number, string]][] = [["garbage", [401, "malformed"]], ["", [401, "malformed"]], [expired, [401, "expired"]]];
    for (const [query, want] of cases) {
      const s = send(plugin, req(`/orders?access_token=${query}`, { authorization: `Bearer ${good}` }));
      expect([query.slice(0, 20), outcome(s)]).toEqual([query.slice(0, 20), want]);
    }
    // The header is checked too when the query token is the good one (TestMultipleJWTOneBadFromHeader).
    expect(outcome(send(plugin, req(`/orders?access_token=${good}`, { authorization: `Bearer ${expired}` })))).toEqual([401, "expired"]);
  });

  it("refuses a valid header token with a forged cookie token", async () => {
    const { plugin, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const [h, , sig] = good.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify(claims(now, { sub: "admin" }))).toString("base64url")}.${sig}`;
    expect(outcome(send(plugin, req("/orders", { authorization: `Bearer ${good}`, cookie: `session=${forged}` })))).toEqual([401, "bad_signature"]);
  });

  it("accepts the same token in two places (TestMultipleJWTAllGood), verifying it once, and removes both", async () => {
    const { plugin, host, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const s = send(plugin, req(`/orders?a=1&access_token=${good}`, { authorization: `Bearer ${good}` }));
    expect(outcome(s)).toEqual([200, ""]);
    expect(upstream(s)).toEqual(["/orders?a=1", undefined, undefined]);
    expect(s.requestHeader("x-user")).toBe("user-1");
    expect(host.metric("auth.provider.idp.cache_hit")).toBeUndefined(); // verified once, not served from the cache the second time
  });

  it("accepts two different valid tokens of the issuer, takes the identity from the first location, removes both", async () => {
    const { plugin, now } = await load(jwtConfig());
    const header = await mint("ec256", claims(now, { sub: "from-header" }));
    const query = await mint("ec256", claims(now, { sub: "from-query" }));
    const s = send(plugin, req(`/orders?access_token=${query}`, { authorization: `Bearer ${header}` }));
    expect(outcome(s)).toEqual([200, ""]);
    expect(s.requestHeader("x-user")).toBe("from-header");
    expect(upstream(s)).toEqual(["/orders", undefined, undefined]);
  });

  it("accepts a token that is only in the query, and strips it", async () => {
    const { plugin, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const s = send(plugin, req(`/orders?access_token=${good}&page=2`));
    expect(outcome(s)).toEqual([200, ""]);
    expect(upstream(s)).toEqual(["/orders?page=2", undefined, undefined]);
  });

  it("with forward: false removes the token from every location; with forward: true keeps them all", async () => {
    const { plugin, now } = await load(jwtConfig());
    const good = await mint("ec256", claims(now));
    const s = send(plugin, req(`/orders?access_token=${good}&page=2`, { authorization: `Bearer ${good}`, cookie: `theme=dark; session=${good}` }));
    expect(outcome(s)).toEqual([200, ""]);
    expect(upstream(s)).toEqual(["/orders?page=2", undefined, "theme=dark"]);

    const { plugin: fwd } = await load(jwtConfig({ forward: true }));
    const f = send(fwd, req(`/orders?access_token=${good}`, { authorization: `Bearer ${good}`, cookie: `session=${good}` }));
    expect(outcome(f)).toEqual([200, ""]);
    expect(upstream(f)).toEqual([`/orders?access_token=${good}`, `Bearer ${good}`, `session=${good}`]);
  });
});

describe("auth: an API-key provider checks the key at every `from` location", () => {
  const config = {
    providers: [{
      name: "partners",
      api_key: {
        from: [{ header: "x-api-key" }, { query: "api_key" }],
        consumers: [{ name: "acme", key: "acme-0123456789abcdef" }, { name: "acme", key: "acme-rotated-key-2026" }, { name: "globex", key: "globex-0123456789abcd" }],
      },
    }],
    rules: [{ match: { path: { prefix: "/" } }, requires: "partners" }],
  };

  it("refuses a valid header key with a wrong query key (nothing upstream)", async () => {
    const { plugin, host } = await load(config);
    const s = send(plugin, req("/orders?api_key=made-up-key-0123456789", { "x-api-key": "acme-0123456789abcdef" }));
    expect(outcome(s)).toEqual([401, "bad_credentials"]);
    expect(host.metric("auth.provider.partners.denied.bad_credentials")?.value).toBe(1n);
  });

  it("refuses valid keys of two different consumers as ambiguous", async () => {
    const { plugin } = await load(config);
    expect(outcome(send(plugin, req("/orders?api_key=globex-0123456789abcd", { "x-api-key": "acme-0123456789abcdef" })))).toEqual([401, "malformed"]);
  });

  it("accepts the same key, or two keys of one consumer, in both places and removes both", async () => {
    const { plugin } = await load(config);
    const same = send(plugin, req("/orders?api_key=acme-0123456789abcdef&page=2", { "x-api-key": "acme-0123456789abcdef" }));
    expect(outcome(same)).toEqual([200, ""]);
    expect([same.requestHeader(":path"), same.requestHeader("x-api-key"), same.requestHeader("x-consumer")]).toEqual(["/orders?page=2", undefined, "acme"]);
    const rotated = send(plugin, req("/orders?api_key=acme-rotated-key-2026", { "x-api-key": "acme-0123456789abcdef" }));
    expect([outcome(rotated), rotated.requestHeader(":path"), rotated.requestHeader("x-consumer")]).toEqual([[200, ""], "/orders", "acme"]);
  });
});
