// Fuzz target: auth (see support.ts). Configurations mix valid and broken providers and rules;
// requests carry random tokens: well-formed and signed, tampered, or random text up to 60 KiB.
import { describe, expect, it } from "vitest";
import { KEYS, jwks, signRaw } from "../fixtures/auth/tokens.ts";
import { FUZZ_TIMEOUT, fuzz, type Rng } from "./support.ts";

const ISS = "https://idp.test";

function provider(r: Rng): unknown {
  return r.mostly<unknown>([
    { name: "idp", jwt: { issuer: ISS, jwks: jwks("hmac"), max_token_bytes: r.mostly([8192, 65536], [100]) } },
    { name: "idp", api_key: { consumers: [{ name: "acme", key: "acme-key-0123456789" }] } },
  ], [{ name: "idp", jwt: { issuer: ISS, jwks: { keys: [] } } }, { name: "bad name", jwt: {} }]);
}

function token(r: Rng): string {
  const header = r.pick([JSON.stringify({ alg: "HS256", kid: KEYS.hmac!.kid }), '{"alg":"none"}', '{"alg":"HS256","crit":["x"]}', "{"]);
  const payload = r.pick([
    JSON.stringify({ iss: ISS, sub: "u", exp: 4102444800 }),
    JSON.stringify({ iss: ISS, exp: 4102444800, pad: "\\n\"".repeat(r.size() >> 2) }),
    '{"iss": "unterminated',
  ]);
  const t = signRaw("hmac", "HS256", header, payload);
  const kind = r.int(4);
  if (kind === 0) return t;
  if (kind === 1) return t.slice(0, -3) + "AAA";
  if (kind === 2) return r.text("abcXYZ-_.", r.size());
  return t + "." + r.text("ab", 10);
}

const target = {
  wasm: "build/auth.wasm",
  schema: "assembly/filters/auth/schema.json",
  rootId: "auth",
  config: (r: Rng) => ({ providers: [provider(r)], rules: [{ match: { path: { prefix: r.mostly(["/"], ["x"]) } }, requires: r.mostly(["idp"], ["nobody"]) }] }),
  request: (r: Rng) => ({
    ":method": "GET",
    ":path": "/" + r.text("ab/", r.size()) + (r.chance(0.3) ? "?access_token=" + r.text("ab%", r.size()) : ""),
    ":authority": "api.example.com",
    ":scheme": "https",
    authorization: r.pick(["Bearer ", "bearer ", "Basic "]) + token(r),
    "x-api-key": r.pick(["acme-key-0123456789", r.text("ab", r.size())]),
  }),
};

describe("fuzz: auth", () => {
  it("never traps, leaks a host block or grows without bound; schema rejects ⇒ onConfigure rejects", async () => {
    const { accepted, requests } = await fuzz(target, { configs: 30, requests: 8, memoryBound: 64 * 1024 * 1024 });
    expect(accepted).toBeGreaterThan(3);
    expect(requests).toBe(accepted * 8);
  }, FUZZ_TIMEOUT);
});
