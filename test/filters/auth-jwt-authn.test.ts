// auth in the emulator: the JWT edge cases where this filter agrees with Envoy's jwt_authn
// (measured on Envoy 1.40, README table "Compared with jwt_authn") and those where it is
// deliberately different. Tokens are minted with jose or signed with node:crypto.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { jwks, mint, signRaw } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";
const ISS = "https://idp.test";

async function load(configuration: unknown, host = new Host()): Promise<{ host: Host; plugin: Plugin; now: number }> {
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({ rootId: "auth", configuration: configuration as object });
  return { host, plugin, now: Number(host.clock() / 1_000_000_000n) };
}

const config = (jwt: Record<string, unknown> = {}) => ({
  providers: [{ name: "idp", jwt: { jwks: jwks("ec256"), ...jwt } }],
  rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
});

function send(p: Plugin, authorization: string): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "api.example.com", authorization }, { endOfStream: true });
  return s;
}

/** The reason the client is refused with, or "ok" when the request went upstream. */
function verdict(s: HttpStream): string {
  return s.localResponse ? JSON.parse(s.localResponse.bodyText).reason : "ok";
}

/** An ES256 token over exactly this payload text (for numbers JSON.stringify would respell). */
const rawToken = (payloadJson: string) => signRaw("ec256", "ES256", '{"alg":"ES256","kid":"ec-256"}', payloadJson);

async function rejected(configuration: unknown): Promise<string> {
  const err = await load(configuration).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigureRejected);
  return (err as ConfigureRejected).errorLogs.join("\n");
}

describe("auth: NumericDate range, as jwt_authn", () => {
  it("refuses exp, nbf or iat outside [0, 2^64) as malformed; accepts 2^63 and fractional dates", async () => {
    const { plugin, now } = await load(config());
    const cases: [string, string][] = [
      [`{"sub":"a","exp":1e308}`, "malformed"],
      [`{"sub":"a","exp":18446744073709551616}`, "malformed"],
      [`{"sub":"a","exp":-1}`, "malformed"],
      [`{"sub":"a","exp":${now + 60},"nbf":-5}`, "malformed"],
      [`{"sub":"a","exp":${now + 60},"iat":-5}`, "malformed"],
      [`{"sub":"a","exp":9223372036854775808}`, "ok"],
      [`{"sub":"a","exp":${now + 60}.5,"iat":${now}.25}`, "ok"],
    ];
    expect(cases.map(([payload]) => [payload, verdict(send(plugin, `Bearer ${rawToken(payload)}`))])).toEqual(cases);
  });
});

describe("auth: registered claims of the wrong type, as jwt_authn", () => {
  it("refuses a non-string sub, iss or jti and an aud that is not a string or string list, even when not configured", async () => {
    const { plugin, now } = await load(config());
    const base = { iat: now, exp: now + 600 };
    const cases: [Record<string, unknown>, string][] = [
      [{ sub: 123 }, "malformed"],
      [{ sub: { id: "admin" } }, "malformed"],
      [{ iss: 5 }, "malformed"],
      [{ jti: 7 }, "malformed"],
      [{ aud: [1] }, "malformed"],
      [{ aud: { a: 1 } }, "malformed"],
      [{ sub: "u", iss: "x", jti: "j", aud: ["a", "b"] }, "ok"],
    ];
    for (const [extra, want] of cases) expect([extra, verdict(send(plugin, `Bearer ${await mint("ec256", { ...base, ...extra })}`))]).toEqual([extra, want]);
  });
});

describe("auth: where this filter differs from jwt_authn, on purpose", () => {
  it("accepts a lowercase bearer scheme (RFC 9110 §11.1: schemes are case-insensitive; jwt_authn says missing)", async () => {
    const { plugin, now } = await load(config());
    const t = await mint("ec256", { sub: "u", exp: now + 600 });
    expect([verdict(send(plugin, `bearer ${t}`)), verdict(send(plugin, `BEARER ${t}`))]).toEqual(["ok", "ok"]);
  });

  it("refuses tokens over 8 KiB by default (jwt_authn has no limit); max_token_bytes raises it", async () => {
    const { plugin, now } = await load(config());
    const big = await mint("ec256", { sub: "u", exp: now + 600, pad: "x".repeat(9000) });
    expect(verdict(send(plugin, `Bearer ${big}`))).toBe("too_large");
    const { plugin: roomy } = await load(config({ max_token_bytes: 16384 }));
    expect(verdict(send(roomy, `Bearer ${big}`))).toBe("ok");
  });

  it("refuses a non-string typ and a payload nested deeper than 64 levels (jwt_authn accepts both)", async () => {
    const { plugin, now } = await load(config());
    const typ = signRaw("ec256", "ES256", '{"alg":"ES256","kid":"ec-256","typ":7}', JSON.stringify({ sub: "u", exp: now + 600 }));
    expect(verdict(send(plugin, `Bearer ${typ}`))).toBe("malformed");
    const deep = rawToken(`{"sub":"u","exp":${now + 600},"deep":${"[".repeat(70)}${"]".repeat(70)}}`);
    expect(verdict(send(plugin, `Bearer ${deep}`))).toBe("malformed");
    const fine = rawToken(`{"sub":"u","exp":${now + 600},"deep":${"[".repeat(60)}${"]".repeat(60)}}`);
    expect(verdict(send(plugin, `Bearer ${fine}`))).toBe("ok");
  });

  it("refuses an inline JWKS with a trailing comma (RFC 8259; jwt_authn's parser accepts it), naming the field", async () => {
    const text = JSON.stringify(jwks("ec256")).replace(/}]}$/, "},]}");
    const log = await rejected({ providers: [{ name: "idp", jwt: { jwks: text } }], rules: [{ requires: "idp" }] });
    expect(log).toMatch(/providers\[0\]\.jwt\.jwks: not valid JSON: .* at offset \d+/);
  });

  it("caps clock_skew_s at 600 (jwt_authn has no cap)", async () => {
    const log = await rejected(config({ clock_skew_s: 601 }));
    expect(log).toContain("providers[0].jwt.clock_skew_s");
  });
});
