// Differential: the same requests through Envoy's native jwt_authn and through the auth filter,
// each in its own real Envoy in front of the same echo upstream, with one provider configured
// alike in both (issuer, JWKS, Authorization Bearer + ?access_token=). Every row says what each
// answers; where they differ on purpose the row is marked and the README table
// ("Compared with jwt_authn") gives the reason. A row that changes on either side fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { buildBootstrap, type Json } from "../../src/envoy/config.ts";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { KEYS, mint, publicJwk, signRaw } from "../fixtures/auth/tokens.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const ISS = "https://idp.differential";
// ec-256 with its kid; rsa1 published without kid (serves any kid); ed marked as an encryption key.
const { kid: _rsaKid, ...rsaNoKid } = publicJwk(KEYS.rsa1) as Record<string, unknown>;
const JWKS = { keys: [publicJwk(KEYS.ec256), rsaNoKid, { ...publicJwk(KEYS.ed), use: "enc" }] };

/** Envoy's jwt_authn filter with one provider like the auth filter's below. */
const JWT_AUTHN: Json = {
  name: "envoy.filters.http.jwt_authn",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
    providers: {
      idp: {
        issuer: ISS,
        local_jwks: { inline_string: JSON.stringify(JWKS) },
        from_headers: [{ name: "authorization", value_prefix: "Bearer " }],
        from_params: ["access_token"],
      },
    },
    rules: [{ match: { prefix: "/" }, requires: { provider_name: "idp" } }],
  },
};

const AUTH_CONFIG = {
  providers: [{ name: "idp", jwt: { issuer: ISS, jwks: JWKS, from: [{ header: "authorization", prefix: "Bearer " }, { query: "access_token" }] } }],
  rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
};

describe.skipIf(MODE !== "local")("auth vs Envoy's jwt_authn, the same requests [local]", () => {
  let echo: EchoServer;
  let native: RunningEnvoy;
  let wasm: RunningEnvoy;

  beforeAll(async () => {
    requireWasm("auth.wasm");
    echo = await startEcho();
    const upstream = { host: "127.0.0.1", port: echo.port };
    const plain = buildBootstrap({ filters: [], listener: { port: 0 }, admin: { port: 0 }, route: { upstream } });
    const hcm = (plain as any).static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
    hcm.http_filters.unshift(JWT_AUTHN);
    [native, wasm] = await Promise.all([
      startEnvoy({ bootstrap: plain, concurrency: 1, startTimeoutMs: 60_000 }),
      startEnvoy({ filters: [{ name: "auth", wasmPath: join(BUILD_DIR, "auth.wasm"), configuration: AUTH_CONFIG }], upstream, concurrency: 1, startTimeoutMs: 60_000 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([native?.stop(), wasm?.stop()]);
    await echo?.close();
  });

  it("agrees on every row but the documented differences", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: "u", iat: now, exp: now + 300, ...extra });
    const es = (payloadJson: string, headerJson = '{"alg":"ES256","kid":"ec-256"}') => signRaw("ec256", "ES256", headerJson, payloadJson);
    const good = await mint("ec256", claims());
    const other = await mint("ec256", claims({ sub: "other" }));
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    const none = `${b64('{"alg":"none"}')}.${b64(JSON.stringify(claims({ sub: "admin" })))}.`;
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    type Row = [name: string, path: string, headers: Record<string, string>, native: number, wasm: number];
    const SAME = (n: number): [number, number] => [n, n];
    const rows: Row[] = [
      ["valid header token", "/", bearer(good), ...SAME(200)],
      ["valid token in the query only", `/?access_token=${good}`, {}, ...SAME(200)],
      ["valid header + alg:none query (issue 17)", `/?access_token=${none}`, bearer(good), ...SAME(401)],
      ["valid header + garbage query", "/?access_token=garbage", bearer(good), ...SAME(401)],
      ["expired header + valid query", `/?access_token=${good}`, bearer(await mint("ec256", claims({ exp: now - 3600 }))), ...SAME(401)],
      ["the same token in header and query", `/?access_token=${good}`, bearer(good), ...SAME(200)],
      ["two different valid tokens", `/?access_token=${other}`, bearer(good), ...SAME(200)],
      ["exp 1e308", "/", bearer(es(`{"iss":"${ISS}","sub":"u","exp":1e308}`)), ...SAME(401)],
      ["exp 2^63", "/", bearer(es(`{"iss":"${ISS}","sub":"u","exp":9223372036854775808}`)), ...SAME(200)],
      ["exp negative", "/", bearer(es(`{"iss":"${ISS}","sub":"u","exp":-1}`)), ...SAME(401)],
      ["non-string sub", "/", bearer(await mint("ec256", claims({ sub: 123 }))), ...SAME(401)],
      ["non-string jti", "/", bearer(await mint("ec256", claims({ jti: 7 }))), ...SAME(401)],
      ["aud not a string list", "/", bearer(await mint("ec256", claims({ aud: [1] }))), ...SAME(401)],
      ["a kid no key carries, verified by the kid-less RSA key", "/", bearer(await mint("rsa1", claims(), { kid: "rotated" })), ...SAME(200)],
      ["no kid, RSA key", "/", bearer(await mint("rsa1", claims(), { kid: null })), ...SAME(200)],
      // Documented differences (README "Compared with jwt_authn").
      ["lowercase bearer", "/", { authorization: `bearer ${good}` }, 401, 200],
      ["iat an hour ahead", "/", bearer(await mint("ec256", claims({ iat: now + 3600 }))), 200, 401],
      ["unknown crit", "/", bearer(es(JSON.stringify(claims()), '{"alg":"ES256","kid":"ec-256","crit":["x"],"x":1}')), 200, 401],
      ["b64: false", "/", bearer(es(JSON.stringify(claims()), '{"alg":"ES256","kid":"ec-256","b64":false,"crit":["b64"]}')), 200, 401],
      ["non-string typ", "/", bearer(es(JSON.stringify(claims()), '{"alg":"ES256","kid":"ec-256","typ":7}')), 200, 401],
      ["payload nested 70 deep", "/", bearer(es(JSON.stringify({ ...claims(), d: JSON.parse("[".repeat(70) + "]".repeat(70)) }))), 200, 401],
      ["9 KiB token", "/", bearer(await mint("ec256", claims({ pad: "x".repeat(9000) }))), 200, 401],
      ["signed by a key marked use: enc", "/", bearer(await mint("ed", claims())), 200, 401],
    ];
    const got: Row[] = [];
    for (const [name, path, headers] of rows) {
      const [n, w] = await Promise.all([native, wasm].map(async (e) => (await fetch(e.listenerUrl + path, { headers })).status));
      got.push([name, path, headers, n, w]);
    }
    const table = (rs: Row[]) => rs.map(([name, , , n, w]) => `${name}: jwt_authn ${n}, auth ${w}`);
    expect(table(got)).toEqual(table(rows));
  });
});
