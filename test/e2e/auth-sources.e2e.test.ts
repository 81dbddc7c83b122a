// auth through a real Envoy: a provider with several `from` locations verifies the credential at
// every one of them (issue 17), as Envoy's jwt_authn does, so a valid header token can never
// carry an unverified query token to the upstream. The echo upstream shows what arrived. The
// emulator runs the same cases in test/filters/auth-sources.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jwks, mint } from "../fixtures/auth/tokens.ts";
import { uniquePath, type Echo } from "./support/filters.ts";
import { MODE, createHarness, requireWasm, type Harness, type Target } from "./support/target.ts";

const WASM = "auth.wasm";
const ISS = "https://idp.e2e";

describe.skipIf(MODE !== "local")(`auth: every credential location is verified, through Envoy [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;

  beforeAll(async () => {
    requireWasm(WASM);
    const configuration = {
      providers: [
        { name: "idp", jwt: { issuer: ISS, jwks: jwks("ec256"), from: [{ header: "authorization", prefix: "Bearer " }, { query: "access_token" }], claims_to_headers: [{ claim: "sub", header: "x-user" }] } },
        { name: "keys", api_key: { from: [{ header: "x-api-key" }, { query: "api_key" }], consumers: [{ name: "acme", key: "acme-e2e-0123456789" }] } },
      ],
      rules: [
        { match: { path: { prefix: "/jwt-" } }, requires: "idp" },
        { match: { path: { prefix: "/keys-" } }, requires: "keys" },
      ],
    };
    harness = await createHarness();
    envoy = await harness.start([{ name: "auth", wasm: WASM, rootId: "auth", configuration }]);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({ iss: ISS, sub: "user-1", iat: now(), exp: now() + 300, ...extra });
  const get = (prefix: string, query: string, headers: Record<string, string> = {}) => fetch(envoy.url + uniquePath(prefix) + query, { headers });
  /** Status and reason of a local reply, or 200 and what reached the upstream. */
  async function answer(res: Response): Promise<{ status: number; reason?: string; upstream?: Echo }> {
    if (res.status !== 200) return { status: res.status, reason: ((await res.json()) as { reason: string }).reason };
    return { status: 200, upstream: (await res.json()) as Echo };
  }

  it("a valid header token with an alg:none query token claiming admin is refused; nothing reaches the upstream", async () => {
    const good = await mint("ec256", claims());
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims({ sub: "admin" }))).toString("base64url")}.`;
    const res = await answer(await get("jwt", `?access_token=${none}`, { authorization: `Bearer ${good}` }));
    expect(res).toEqual({ status: 401, reason: "malformed" });
    expect(await envoy.stat("wasmcustom.auth.provider.idp.denied.malformed")).toBe(1);
  });

  it("a valid header token with a garbage query token is refused", async () => {
    const good = await mint("ec256", claims());
    expect(await answer(await get("jwt", "?access_token=garbage", { authorization: `Bearer ${good}` }))).toEqual({ status: 401, reason: "malformed" });
  });

  it("the same valid token in the header and the query is accepted and removed from both", async () => {
    const good = await mint("ec256", claims());
    const res = await answer(await get("jwt", `?access_token=${good}&page=2`, { authorization: `Bearer ${good}` }));
    expect(res.status).toBe(200);
    expect(res.upstream!.path).toMatch(/^\/jwt-[^?]*\?page=2$/);
    expect(res.upstream!.headers.authorization).toBeUndefined();
    expect(res.upstream!.headers["x-user"]).toBe("user-1");
  });

  it("two different valid tokens are both verified; the header's identity goes upstream, neither token does", async () => {
    const header = await mint("ec256", claims({ sub: "from-header" }));
    const query = await mint("ec256", claims({ sub: "from-query" }));
    const res = await answer(await get("jwt", `?access_token=${query}`, { authorization: `Bearer ${header}` }));
    expect(res.status).toBe(200);
    expect(res.upstream!.headers["x-user"]).toBe("from-header");
    expect(res.upstream!.path).not.toContain("access_token");
    expect(res.upstream!.headers.authorization).toBeUndefined();
  });

  it("a token only in the query is accepted and stripped", async () => {
    const good = await mint("ec256", claims());
    const res = await answer(await get("jwt", `?access_token=${good}`));
    expect(res.status).toBe(200);
    expect(res.upstream!.path).not.toContain("access_token");
  });

  it("a valid API key in the header with a wrong one in the query is refused; the same key in both is accepted and removed", async () => {
    expect(await answer(await get("keys", "?api_key=made-up-0123456789", { "x-api-key": "acme-e2e-0123456789" }))).toEqual({ status: 401, reason: "bad_credentials" });
    const ok = await answer(await get("keys", "?api_key=acme-e2e-0123456789", { "x-api-key": "acme-e2e-0123456789" }));
    expect(ok.status).toBe(200);
    expect([ok.upstream!.path.includes("api_key"), ok.upstream!.headers["x-api-key"], ok.upstream!.headers["x-consumer"]]).toEqual([false, undefined, "acme"]);
  });
});
