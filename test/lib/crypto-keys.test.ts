// Key import (JWK, JWK errors, SPKI DER and PEM) and JWS verification by algorithm name, for
// every JWS algorithm the library supports, against tokens signed by node:crypto.
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Batch, Harness, Op, flag, text } from "./crypto-harness.ts";

let h: Harness;
let rsa: { publicKey: KeyObject; privateKey: KeyObject };
beforeAll(async () => {
  h = await Harness.load();
  rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
});

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString("base64url");

/** A compact JWS signed by node:crypto. */
function jws(alg: string, key: KeyObject | Uint8Array, payload = `{"sub":"x","n":${Math.random()}}`): string {
  const input = `${b64u(JSON.stringify({ alg }))}.${b64u(payload)}`;
  const hash = `sha${alg.slice(2)}`;
  let sig: Buffer;
  if (alg.startsWith("HS")) sig = createHmac(hash, key as Uint8Array).update(input).digest();
  else if (alg.startsWith("RS")) sig = sign(hash, Buffer.from(input), key as KeyObject);
  else if (alg.startsWith("PS")) sig = sign(hash, Buffer.from(input), { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 });
  else if (alg.startsWith("ES")) sig = sign(hash, Buffer.from(input), { key: key as KeyObject, dsaEncoding: "ieee-p1363" });
  else sig = sign(null, Buffer.from(input), key as KeyObject);
  return `${input}.${b64u(sig)}`;
}

describe("JWS by algorithm with JWK and SPKI keys", () => {
  it("accepts each algorithm with its key, rejects other algorithms, pinned alg and tampering", () => {
    const ec256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ec384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
    const ed = generateKeyPairSync("ed25519");
    const secret = Buffer.from("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    const keys: { name: string; jwk: object; spki?: KeyObject; signer: KeyObject | Uint8Array; algs: string[] }[] = [
      { name: "RSA", jwk: rsa.publicKey.export({ format: "jwk" }), spki: rsa.publicKey, signer: rsa.privateKey, algs: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] },
      { name: "P-256", jwk: ec256.publicKey.export({ format: "jwk" }), spki: ec256.publicKey, signer: ec256.privateKey, algs: ["ES256"] },
      { name: "P-384", jwk: ec384.publicKey.export({ format: "jwk" }), spki: ec384.publicKey, signer: ec384.privateKey, algs: ["ES384"] },
      { name: "Ed25519", jwk: ed.publicKey.export({ format: "jwk" }), spki: ed.publicKey, signer: ed.privateKey, algs: ["EdDSA"] },
      { name: "oct", jwk: { kty: "oct", k: b64u(secret) }, signer: secret, algs: ["HS256", "HS384", "HS512"] },
    ];
    const ALL = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA", "HS256", "HS384", "HS512", "none", "ES512", "rs256"];
    const b = new Batch();
    const expected: boolean[] = [];
    const labels: string[] = [];
    const check = (want: boolean, label: string, alg: string, token: string) => { b.add(Op.jwsToken, alg, token); expected.push(want); labels.push(label); };
    for (const k of keys) {
      const imports: [string, number, string | Uint8Array][] = [["jwk", Op.jwk, JSON.stringify(k.jwk)]];
      if (k.spki) {
        imports.push(["spki-der", Op.spki, k.spki.export({ format: "der", type: "spki" })]);
        imports.push(["spki-pem", Op.spki, String(k.spki.export({ format: "pem", type: "spki" }))]);
        if (k.name === "RSA") imports.push(["pkcs1-pem", Op.spki, String(k.spki.export({ format: "pem", type: "pkcs1" }))]);
      }
      for (const [how, op, data] of imports) {
        b.add(op, data); expected.push(true); labels.push(`${k.name} ${how} import`);
        for (const alg of k.algs) {
          const token = jws(alg, k.signer);
          check(true, `${k.name} ${how} ${alg}`, alg, token);
          const [hd, pl, sg] = token.split(".");
          check(false, `${k.name} ${how} ${alg} payload changed`, alg, `${hd}.${pl.slice(0, -2)}${pl.slice(-2) === "fQ" ? "fX" : "fQ"}.${sg}`);
          const sigBytes = Buffer.from(sg, "base64url"); sigBytes[sigBytes.length >> 1] ^= 4;
          check(false, `${k.name} ${how} ${alg} sig changed`, alg, `${hd}.${pl}.${b64u(sigBytes)}`);
          for (const other of ALL) if (!k.algs.includes(other)) check(false, `${k.name} ${how} ${alg} as ${other}`, other, token);
        }
      }
      // Pinned alg: the JWK's alg restricts verification to it.
      const pinned = k.algs[k.algs.length - 1];
      b.add(Op.jwk, JSON.stringify({ ...k.jwk, alg: pinned, kid: "k1", use: "sig" })); expected.push(true); labels.push(`${k.name} pinned import`);
      for (const alg of k.algs) check(alg === pinned, `${k.name} pinned ${pinned} ${alg}`, alg, jws(alg, k.signer));
    }
    // HMAC secrets shorter than the hash are refused (RFC 7518 §3.2).
    const short = Buffer.alloc(40, 7);
    b.add(Op.jwk, JSON.stringify({ kty: "oct", k: b64u(short) })); expected.push(true); labels.push("short oct import");
    check(true, "HS256 with 40-byte key", "HS256", jws("HS256", short));
    check(false, "HS384 with 40-byte key", "HS384", jws("HS384", short));
    check(false, "HS512 with 40-byte key", "HS512", jws("HS512", short));
    const out = h.run(b);
    const got = out.map((r, i) => (labels[i].endsWith("import") ? r[0] === 1 : flag(r)));
    const wrong = labels.filter((_, i) => got[i] !== expected[i]);
    expect(wrong).toEqual([]);
    expect(expected.length).toBeGreaterThan(300);
  }, 60_000);

  it("verifyCompactJws refuses header or payload segments that are not base64url, even when correctly signed", () => {
    const secret = Buffer.from("0123456789abcdef0123456789abcdef0123456789abcdef");
    const header = b64u('{"alg":"HS256"}');
    const payload = b64u('{"sub":"x"}');
    /** A token whose signature is right for exactly these segment texts. */
    const signed = (h: string, p: string) => `${h}.${p}.${b64u(createHmac("sha256", secret).update(`${h}.${p}`).digest())}`;
    const cases: [string, string, boolean][] = [
      ["clean", signed(header, payload), true],
      ["empty payload (detached content)", signed(header, ""), true],
      ["header with padding", signed(header + "=", payload), false],
      ["payload with padding", signed(header, payload + "=="), false],
      ["standard base64 '+' and '/'", signed(header, payload.replace(/.$/, "+") + "/"), false],
      ["a space in the header", signed(header.slice(0, 4) + " " + header.slice(4), payload), false],
      ["a tab in the payload", signed(header, payload + "\t"), false],
      ["percent-encoding", signed(header, payload.slice(0, -1) + "%41"), false],
      ["empty header", signed("", payload), false],
      ["impossible length (4n+1)", signed(header, payload + "A".repeat((4 - (payload.length % 4) + 1) % 4 || 4)), false],
    ];
    const b = new Batch();
    b.add(Op.jwk, JSON.stringify({ kty: "oct", k: b64u(secret) }));
    for (const [, token] of cases) b.add(Op.jwsToken, "HS256", token);
    const out = h.run(b);
    expect(out[0][0]).toBe(1);
    expect(cases.map(([label], i) => [label, flag(out[i + 1])])).toEqual(cases.map(([label, , want]) => [label, want]));
  });

  it("reports JWK errors by field and never accepts a broken key", () => {
    const good = rsa.publicKey.export({ format: "jwk" }) as Record<string, string>;
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
    const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
    // 0: broken (an error for an inline set); 2: well-formed but not a key to verify with here (skipped).
    const BROKEN = 0, SKIPPED = 2;
    const cases: [object | string, RegExp, number][] = [
      ["[]", /JSON object/, BROKEN],
      [{}, /kty: missing/, BROKEN],
      [{ kty: 7 }, /kty: must be a string/, BROKEN],
      [{ kty: "RSA", e: "AQAB" }, /^n: missing/, BROKEN],
      [{ kty: "RSA", n: good.n + "=", e: "AQAB" }, /^n: not valid base64url/, BROKEN],
      [{ kty: "RSA", n: good.n, e: "AQAB", d: "AQAB" }, /^d: private keys/, BROKEN],
      [{ kty: "RSA", n: good.n.slice(0, 100), e: "AQAB" }, /not a usable RSA public key/, BROKEN],
      [{ kty: "RSA", n: good.n, e: "AQAB", use: "enc" }, /^use: "enc" is not a signature key/, SKIPPED],
      [{ kty: "RSA", n: good.n, e: "AQAB", key_ops: ["encrypt", "wrapKey"] }, /^key_ops: does not include "verify"/, SKIPPED],
      [{ kty: "RSA", n: good.n, e: "AQAB", key_ops: "verify" }, /^key_ops: must be an array/, BROKEN],
      [{ kty: "RSA", n: good.n, e: "AQAB", key_ops: ["verify", 1] }, /^key_ops\[1\]: must be a string/, BROKEN],
      [{ kty: "RSA", n: good.n, e: "AQAB", key_ops: ["verify", "verify"] }, /^key_ops: verify is listed twice/, BROKEN],
      [{ kty: "RSA", n: good.n, e: "AQAB", alg: "RSA-OAEP" }, /^alg: RSA-OAEP is not a supported JWS algorithm/, SKIPPED],
      [{ kty: "RSA", n: good.n, e: "AQAB", alg: "ES256" }, /^alg: ES256 does not fit/, BROKEN],
      [{ kty: "EC", crv: "P-521", x: p521.x, y: p521.y }, /unsupported curve P-521/, SKIPPED],
      [{ kty: "EC", crv: "P-256", x: ec.x }, /^y: missing/, BROKEN],
      [{ kty: "EC", crv: "P-256", x: ec.x, y: ec.x }, /not a point on P-256/, BROKEN],
      [{ kty: "EC", crv: "P-384", x: ec.x, y: ec.y }, /not a point on P-384/, BROKEN],
      [{ kty: "OKP", crv: "X25519", x: ec.x }, /unsupported curve X25519/, SKIPPED],
      [{ kty: "OKP", crv: "Ed25519", x: ec.x.slice(0, 20) }, /not a valid Ed25519/, BROKEN],
      [{ kty: "oct", k: "" }, /^k: empty key/, BROKEN],
      [{ kty: "oct", k: "AQAB", alg: "RS256" }, /^alg: RS256 does not fit/, BROKEN],
      [{ kty: "foo" }, /unsupported key type foo/, SKIPPED],
      ["{\"kty\":\"RSA\",", /bad json/, BROKEN],
    ];
    const b = new Batch();
    for (const [jwk] of cases) b.add(Op.jwk, typeof jwk === "string" ? jwk : JSON.stringify(jwk));
    const out = h.run(b);
    cases.forEach(([jwk, re, code], i) => {
      expect(out[i][0], JSON.stringify(jwk)).toBe(code);
      expect(text(out[i].subarray(1)), JSON.stringify(jwk)).toMatch(re);
    });
  });

  it("rejects malformed SPKI and PEM input", () => {
    const der = rsa.publicKey.export({ format: "der", type: "spki" });
    const pem = String(rsa.publicKey.export({ format: "pem", type: "spki" }));
    const ecDer = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey.export({ format: "der", type: "spki" });
    const inputs: (Uint8Array | string)[] = [
      new Uint8Array(0),
      der.subarray(0, der.length - 1),
      Buffer.concat([der, Buffer.from([0])]),
      Buffer.from(der).fill(0x30, 0, 1).fill(0x31, 0, 1),
      pem.replace("PUBLIC KEY-----\n", "PUBLIC KEY-----\n!"),
      pem.replace("-----END PUBLIC KEY-----", ""),
      pem.replace(/PUBLIC KEY/g, "PRIVATE KEY"),
      ecDer,
      "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
    ];
    const b = new Batch();
    for (const x of inputs) b.add(Op.spki, x);
    b.add(Op.spki, der);
    const out = h.run(b);
    expect(out.map((r) => r[0])).toEqual([...inputs.map(() => 0), 1]);
    expect(text(out[out.length - 1].subarray(1))).toBe("RSA");
    expect(text(out[7].subarray(1))).toMatch(/unsupported EC curve/);
  });
});
