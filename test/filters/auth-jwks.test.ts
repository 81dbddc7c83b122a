// auth in the emulator: what a JWT provider does with the keys of its JWK Set. Keys that are not
// for verifying (use: "enc", key_ops without "verify", an unsupported curve or algorithm) are
// skipped with a logged warning, never used; legal but risky sets are accepted with a warning;
// keys are selected by kid as jwt_verify_lib does. Tokens come from jose (test/fixtures/auth).
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { KEYS, mint, publicJwk } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";
const ISS = "https://idp.test";

async function load(configuration: unknown, host = new Host()): Promise<{ host: Host; plugin: Plugin; now: number }> {
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({ rootId: "auth", configuration: configuration as object });
  return { host, plugin, now: Number(host.clock() / 1_000_000_000n) };
}

const config = (keys: object[], jwt: Record<string, unknown> = {}) => ({
  providers: [{ name: "idp", jwt: { issuer: ISS, jwks: { keys }, ...jwt } }],
  rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
});

function send(p: Plugin, token: string): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "api.example.com", authorization: `Bearer ${token}` }, { endOfStream: true });
  return s;
}

/** [status, reason] the client sees; [200, ""] when the request went upstream. */
function outcome(s: HttpStream): [number, string] {
  const lr = s.localResponse;
  return lr ? [lr.status, JSON.parse(lr.bodyText).reason] : [200, ""];
}

const claims = (now: number) => ({ iss: ISS, sub: "user-1", iat: now, exp: now + 600 });
/** A test key's public JWK with `changes` applied (undefined deletes a member). */
function key(name: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...publicJwk(KEYS[name]) };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

describe("auth: JWK use and key_ops are honoured", () => {
  it("skips a key with key_ops lacking \"verify\" (logged), so its tokens are refused", async () => {
    const { plugin, host, now } = await load(config([key("ec256", { use: undefined, key_ops: ["sign"] }), key("ed")]));
    expect(host.logsAt("warn")).toContain('auth: providers[0].jwt.jwks: keys[0].key_ops: does not include "verify"; key skipped');
    expect(outcome(send(plugin, await mint("ec256", claims(now))))).toEqual([401, "unknown_kid"]);
    expect(outcome(send(plugin, await mint("ed", claims(now))))).toEqual([200, ""]);
    // key_ops with "verify" is a verification key.
    const { plugin: ok } = await load(config([key("ec256", { use: undefined, key_ops: ["verify"] })]));
    expect(outcome(send(ok, await mint("ec256", claims(now))))).toEqual([200, ""]);
  });

  it("skips an encryption key (use: \"enc\") instead of refusing the provider, and never verifies with it", async () => {
    const { plugin, host, now } = await load(config([key("rsa1", { use: "enc", alg: "RSA-OAEP" }), key("ec256")]));
    expect(host.logsAt("warn")).toContain('auth: providers[0].jwt.jwks: keys[0].use: "enc" is not a signature key ("sig"); key skipped');
    expect(outcome(send(plugin, await mint("rsa1", claims(now))))).toEqual([401, "unknown_kid"]);
    expect(outcome(send(plugin, await mint("ec256", claims(now))))).toEqual([200, ""]);
  });
});

describe("auth: unsupported keys in an inline JWKS", () => {
  it("skips a P-521 key and an X25519 key with a logged warning; the other keys work", async () => {
    const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey.export({ format: "jwk" });
    const x25519 = generateKeyPairSync("x25519").publicKey.export({ format: "jwk" });
    const { plugin, host, now } = await load(config([{ ...p521, kid: "p521", alg: "ES512" }, { ...x25519, kid: "x" }, key("ec256")]));
    const warnings = host.logsAt("warn");
    expect(warnings).toContain("auth: providers[0].jwt.jwks: keys[0].crv: unsupported curve P-521 (P-256, P-384); key skipped");
    expect(warnings).toContain("auth: providers[0].jwt.jwks: keys[1].crv: unsupported curve X25519 (Ed25519); key skipped");
    expect(host.logsAt("info").join("\n")).toContain("auth: configured 1 provider(s)");
    expect(outcome(send(plugin, await mint("ec256", claims(now))))).toEqual([200, ""]);
  });

  it("still refuses a set in which every key was skipped, in one line naming the field", async () => {
    const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey.export({ format: "jwk" });
    const err = await load(config([p521])).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigureRejected);
    expect((err as ConfigureRejected).errorLogs.join("\n")).toContain("providers[0].jwt.jwks: keys: no key can verify signatures (every key was skipped, see the warnings)");
  });
});

describe("auth: risky but legal JWK Sets are accepted with a warning", () => {
  it("warns about two keys under one kid and checks a token with that kid against both", async () => {
    const { plugin, host, now } = await load(config([key("rsa1", { kid: "shared" }), key("ec256", { kid: "shared" })]));
    expect(host.logsAt("warn")).toContain('auth: providers[0].jwt.jwks: keys[1].kid: "shared" is also the kid of keys[0]; a token with this kid is checked against both (give each key its own kid)');
    expect(outcome(send(plugin, await mint("rsa1", claims(now), { kid: "shared" })))).toEqual([200, ""]);
    expect(outcome(send(plugin, await mint("ec256", claims(now), { kid: "shared" })))).toEqual([200, ""]);
  });

  it("warns about HMAC secrets next to public keys; an HS256 token never verifies with the RSA key", async () => {
    const { plugin, host, now } = await load(config([key("rsa1"), key("hmac")]));
    expect(host.logsAt("warn").join("\n")).toContain("auth: providers[0].jwt.jwks: keys: the set mixes HMAC secrets (oct) with public keys");
    expect(outcome(send(plugin, await mint("hmac", claims(now))))).toEqual([200, ""]);
    expect(outcome(send(plugin, await mint("hmac", claims(now), { kid: "rsa-1" })))).toEqual([401, "bad_alg"]);
  });

  it("warns nothing for a plain set of signature keys", async () => {
    const { host } = await load(config([key("rsa1"), key("ec256")]));
    expect(host.logsAt("warn")).toEqual([]);
  });
});

describe("auth: key selection by kid, as jwt_verify_lib does", () => {
  it("a token with a kid is checked against the keys with that kid and the keys without one", async () => {
    const { plugin, now } = await load(config([key("ec256", { kid: undefined }), key("rsa1")]));
    expect(outcome(send(plugin, await mint("ec256", claims(now), { kid: "any-kid" })))).toEqual([200, ""]);
    expect(outcome(send(plugin, await mint("ec256", claims(now), { kid: "rsa-1" })))).toEqual([200, ""]);
    // A kid no key carries, and no key without kid verifies it: unknown_kid (a remote set is refetched for it).
    expect(outcome(send(plugin, await mint("ec384", claims(now), { kid: "ec-384" })))).toEqual([401, "unknown_kid"]);
    // The kid-bearing key of another kid is not tried.
    expect(outcome(send(plugin, await mint("rsa1", claims(now), { kid: "other" })))).toEqual([401, "unknown_kid"]);
  });

  it("a token without kid is checked against every key of a fitting type", async () => {
    const { plugin, now } = await load(config([key("rsa1"), key("ec256"), key("ed")]));
    for (const k of ["rsa1", "ec256", "ed"]) expect([k, outcome(send(plugin, await mint(k, claims(now), { kid: null })))]).toEqual([k, [200, ""]]);
    expect(outcome(send(plugin, await mint("ec384", claims(now), { kid: null })))).toEqual([401, "bad_alg"]);
  });
});

describe("auth: a fetched JWKS with keys to skip", () => {
  it("skips the encryption key with a warning logged once, not on every refresh", async () => {
    const host = new Host();
    const body = JSON.stringify({ keys: [key("rsa1", { use: "enc", alg: "RSA-OAEP" }), key("ec256")] });
    host.setClusterHandler("idp-cluster", () => ({ body }));
    const { plugin, now } = await load({
      providers: [{ name: "idp", jwt: { issuer: ISS, remote_jwks: { cluster: "idp-cluster", path: "/certs", cache_duration_s: 60 } } }],
      rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
    }, host);
    const ok = send(plugin, await mint("ec256", claims(now)));
    expect(ok.localResponse).toBeUndefined();
    expect(ok.paused.request).toBe(false);
    expect(outcome(send(plugin, await mint("rsa1", claims(now))))[0]).toBe(401);
    host.advanceTime(61_000); // refreshed: the same set
    expect(host.metric("auth.jwks.idp.fetch_ok")?.value).toBe(2n);
    const skipped = host.logsAt("warn").filter((l) => l.includes("JWKS key skipped"));
    expect(skipped).toEqual(['auth: provider idp: JWKS key skipped: keys[0].use: "enc" is not a signature key ("sig")']);
  });
});

describe("auth: a broken JWK is refused by the schema (build, validate) and by onConfigure alike", () => {
  it("key_ops that is not a list of distinct strings, or a private key", async () => {
    const { validateConfig } = await import("../../src/config/validate.ts");
    const cases: [Record<string, unknown>, string, string][] = [
      [key("ec256", { key_ops: "verify" }), "providers[0].jwt.jwks.keys[0].key_ops: must be array", "providers[0].jwt.jwks: keys[0].key_ops: must be an array of strings"],
      [key("ec256", { key_ops: ["verify", "verify"] }), "providers[0].jwt.jwks.keys[0].key_ops: must NOT have duplicate items", "providers[0].jwt.jwks: keys[0].key_ops: verify is listed twice"],
      [{ ...key("ec256"), d: KEYS.ec256.d }, "providers[0].jwt.jwks.keys[0]: must NOT be valid", "providers[0].jwt.jwks: keys[0].d: private keys are not accepted"],
    ];
    for (const [jwk, bySchema, byConfigure] of cases) {
      const configuration = config([jwk]);
      expect(validateConfig(configuration, "assembly/filters/auth/schema.json").join("\n")).toContain(bySchema);
      const err = await load(configuration).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigureRejected);
      expect((err as ConfigureRejected).errorLogs.join("\n")).toContain(byConfigure);
    }
  });
});
