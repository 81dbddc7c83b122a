// RSA verification (PKCS#1 v1.5 and PSS) in assembly/lib/crypto against signatures made by
// node:crypto with 2048/3072/4096-bit keys (and odd sizes, where PSS's emLen is k - 1), valid
// and tampered, plus RFC 7515 appendix A.2.
import { constants, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { Alg, Batch, Harness, Op, flag, rng, type HashName } from "./crypto-harness.ts";

const gen = promisify(generateKeyPair);
type Pair = { bits: number; e: number; publicKey: KeyObject; privateKey: KeyObject; n: Buffer; eBytes: Buffer };

let h: Harness;
let keys: Pair[] = [];
const SIZES: [number, number][] = [[2048, 65537], [2048, 3], [2049, 65537], [2055, 65537], [3072, 65537], [3073, 65537], [4096, 65537], [4096, 65537]];

beforeAll(async () => {
  h = await Harness.load();
  keys = await Promise.all(SIZES.map(async ([bits, e]) => {
    const { publicKey, privateKey } = await gen("rsa", { modulusLength: bits, publicExponent: e });
    const jwk = publicKey.export({ format: "jwk" });
    return { bits, e, publicKey, privateKey, n: Buffer.from(jwk.n!, "base64url"), eBytes: Buffer.from(jwk.e!, "base64url") };
  }));
}, 120_000);

const HASHES: HashName[] = ["sha256", "sha384", "sha512"];
const HLEN = { sha256: 32, sha384: 48, sha512: 64 };
const a = (name: HashName) => new Uint8Array([Alg[name]]);
const SALT_ANY = 0xffffffff; // -1 as u32
const SALT_HASH = 0xfffffffe; // -2
const flip = (b: Uint8Array, r: ReturnType<typeof rng>) => { const c = Uint8Array.from(b); c[r.int(c.length)] ^= 1 << r.int(8); return c; };

describe("RSA verification against node:crypto", () => {
  it("PKCS#1 v1.5 and PSS: valid, tampered signature/message, wrong hash/scheme/salt", () => {
    const r = rng(11);
    const b = new Batch();
    const expected: boolean[] = [];
    const labels: string[] = [];
    const add = (want: boolean, label: string, op: number, ...f: (Uint8Array | number)[]) => { b.add(op, ...f); expected.push(want); labels.push(label); };
    for (const k of keys) {
      add(true, `key ${k.bits}`, Op.rsaKey, k.n, k.eBytes, 2048);
      const k8 = Math.ceil(k.bits / 8);
      const emLen = Math.ceil((k.bits - 1) / 8);
      for (const name of HASHES) {
        const hLen = HLEN[name];
        for (let i = 0; i < 10; i++) {
          const msg = r.bytes(i === 0 ? 0 : r.int(400));
          const pk = sign(name, msg, k.privateKey);
          add(true, `${k.bits} ${name} pkcs1`, Op.rsaPkcs1, a(name), msg, pk);
          add(false, `${k.bits} ${name} pkcs1 flipped sig`, Op.rsaPkcs1, a(name), msg, flip(pk, r));
          add(false, `${k.bits} ${name} pkcs1 flipped msg`, Op.rsaPkcs1, a(name), flip(msg.length ? msg : new Uint8Array(1), r), pk);
          const other = HASHES[(HASHES.indexOf(name) + 1 + r.int(2)) % 3];
          add(false, `${k.bits} ${name} pkcs1 as ${other}`, Op.rsaPkcs1, a(other), msg, pk);
          add(false, `${k.bits} ${name} pkcs1 as pss`, Op.rsaPss, a(name), SALT_ANY, msg, pk);
          // PSS with the hash length (JWA), then a random salt length up to the maximum.
          const ps = sign(name, msg, { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hLen });
          add(true, `${k.bits} ${name} pss`, Op.rsaPss, a(name), SALT_HASH, msg, ps);
          add(true, `${k.bits} ${name} pss any`, Op.rsaPss, a(name), SALT_ANY, msg, ps);
          add(false, `${k.bits} ${name} pss flipped`, Op.rsaPss, a(name), SALT_HASH, msg, flip(ps, r));
          add(false, `${k.bits} ${name} pss as pkcs1`, Op.rsaPkcs1, a(name), msg, ps);
          add(false, `${k.bits} ${name} pss as ${other}`, Op.rsaPss, a(other), SALT_ANY, msg, ps);
          const maxSalt = emLen - hLen - 2;
          const salt = [0, 1, maxSalt, r.int(maxSalt + 1)][i % 4];
          const pv = sign(name, msg, { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt });
          add(true, `${k.bits} ${name} pss salt ${salt}`, Op.rsaPss, a(name), salt, msg, pv);
          add(true, `${k.bits} ${name} pss salt ${salt} any`, Op.rsaPss, a(name), SALT_ANY, msg, pv);
          add(salt === hLen, `${k.bits} ${name} pss salt ${salt} as hLen`, Op.rsaPss, a(name), SALT_HASH, msg, pv);
          add(false, `${k.bits} ${name} pss salt ${salt} as ${salt + 1}`, Op.rsaPss, a(name), salt + 1, msg, pv);
          add(false, `${k.bits} ${name} pss flipped msg`, Op.rsaPss, a(name), SALT_ANY, flip(msg.length ? msg : new Uint8Array(1), r), pv);
        }
        // Malformed signatures: wrong length, zero, n, n + small, all ones.
        const msg = r.bytes(50);
        const pk = sign(name, msg, k.privateKey);
        add(false, "short", Op.rsaPkcs1, a(name), msg, pk.subarray(1));
        add(false, "long", Op.rsaPkcs1, a(name), msg, Buffer.concat([Buffer.from([0]), pk]));
        add(false, "zero", Op.rsaPkcs1, a(name), msg, new Uint8Array(k8));
        add(false, "one", Op.rsaPkcs1, a(name), msg, Uint8Array.from({ length: k8 }, (_, i) => (i === k8 - 1 ? 1 : 0)));
        add(false, "n", Op.rsaPkcs1, a(name), msg, k.n);
        add(false, "ones", Op.rsaPss, a(name), SALT_ANY, msg, new Uint8Array(k8).fill(0xff));
        add(false, "empty", Op.rsaPss, a(name), SALT_ANY, msg, new Uint8Array(0));
      }
      // A flipped modulus bit (kept odd and full-size): every valid signature fails.
      const n2 = Uint8Array.from(k.n);
      n2[1 + r.int(n2.length - 2)] ^= 1 << r.int(8);
      add(true, "flipped key", Op.rsaKey, n2, k.eBytes, 2048);
      for (const name of HASHES) {
        const msg = r.bytes(64);
        add(false, "flipped key pkcs1", Op.rsaPkcs1, a(name), msg, sign(name, msg, k.privateKey));
        add(false, "flipped key pss", Op.rsaPss, a(name), SALT_ANY, msg, sign(name, msg, { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING }));
      }
      // A different exponent: fails too.
      add(true, "other e", Op.rsaKey, k.n, Buffer.from([k.e === 3 ? 1 : 0, 0, k.e === 3 ? 1 : 3]), 2048);
      const msg = r.bytes(10);
      add(false, "other e pkcs1", Op.rsaPkcs1, a("sha256"), msg, sign("sha256", msg, k.privateKey));
    }
    const got = h.run(b).map(flag);
    const wrong = labels.filter((_, i) => got[i] !== expected[i]);
    expect(wrong).toEqual([]);
    expect(expected.length).toBeGreaterThan(3000);
  }, 60_000);

  it("node:crypto agrees with every expectation used above (self-check of PSS salt handling)", () => {
    const k = keys[2]; // 2049 bits: emLen = k - 1
    const msg = Buffer.from("x");
    const sig = sign("sha256", msg, { key: k.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 7 });
    expect(verify("sha256", msg, { key: k.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 7 }, sig)).toBe(true);
    expect(verify("sha256", msg, { key: k.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 8 }, sig)).toBe(false);
  });

  it("key import: size limits, even modulus, bad exponents", () => {
    const k = keys[0];
    const b = new Batch();
    b.add(Op.rsaKey, k.n.subarray(0, 128), k.eBytes, 2048); // 1024-bit modulus: below the minimum
    b.add(Op.rsaKey, Buffer.concat([Buffer.from([k.n[0]]), k.n.subarray(1, 127), Buffer.from([k.n[127] | 1])]), k.eBytes, 1024); // 1024 allowed when configured
    const even = Uint8Array.from(k.n); even[even.length - 1] &= 0xfe;
    b.add(Op.rsaKey, even, k.eBytes, 2048);
    b.add(Op.rsaKey, k.n, Buffer.from([1]), 2048); // e = 1
    b.add(Op.rsaKey, k.n, Buffer.from([1, 0, 0]), 2048); // even e
    b.add(Op.rsaKey, k.n, new Uint8Array(0), 2048);
    b.add(Op.rsaKey, k.n, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 1]), 2048); // e > 2^64
    b.add(Op.rsaKey, Buffer.concat([Buffer.from([0, 0]), k.n]), Buffer.from([0, 1, 0, 1]), 2048); // leading zeros are fine
    b.add(Op.rsaKey, new Uint8Array(0), k.eBytes, 2048);
    b.add(Op.rsaKey, new Uint8Array(1025).fill(0xff), k.eBytes, 2048); // 8200 bits: too big
    expect(h.run(b).map(flag)).toEqual([false, true, false, false, false, false, false, true, false, false]);
  });
});

describe("RFC 7515 appendix A.2 (RS256)", () => {
  const N = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
  const INPUT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  const SIG = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

  it("verifies with the raw key, the JWK import and the compact token; rejects tampering", () => {
    const jwk = JSON.stringify({ kty: "RSA", n: N, e: "AQAB" });
    // The vector itself, checked by node:crypto.
    expect(verify("sha256", Buffer.from(INPUT), createPublicKey({ key: JSON.parse(jwk), format: "jwk" }), Buffer.from(SIG, "base64url"))).toBe(true);
    const b = new Batch();
    b.add(Op.rsaKey, Buffer.from(N, "base64url"), Buffer.from("AQAB", "base64url"), 2048);
    b.add(Op.rsaPkcs1, a("sha256"), INPUT, Buffer.from(SIG, "base64url"));
    b.add(Op.jwk, jwk);
    b.add(Op.jws, "RS256", INPUT, Buffer.from(SIG, "base64url"));
    b.add(Op.jwsToken, "RS256", `${INPUT}.${SIG}`);
    b.add(Op.jwsToken, "RS384", `${INPUT}.${SIG}`);
    b.add(Op.jwsToken, "PS256", `${INPUT}.${SIG}`);
    b.add(Op.jwsToken, "RS256", `${INPUT.replace("eyJpc3", "eyJpc4")}.${SIG}`);
    b.add(Op.jwsToken, "RS256", `${INPUT}.${SIG}A`); // non-canonical base64url length
    b.add(Op.jwsToken, "RS256", `${INPUT}.${SIG}.`);
    b.add(Op.jwsToken, "none", `${INPUT}.`);
    const out = h.run(b);
    expect(out.map((x, i) => (i === 2 ? x[0] === 1 : flag(x)))).toEqual([true, true, true, true, true, false, false, false, false, false, false]);
  });
});
