// ECDSA P-256/P-384 and Ed25519 verification in assembly/lib/crypto against node:crypto, plus
// crafted edge cases checked against a small BigInt reference (Q = ±G, e = r, digests >= n,
// truncated digests), range checks on r and s, invalid points, RFC 7515 A.3 and RFC 8032.
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Alg, Batch, Crv, Harness, Op, flag, rng, type HashName } from "./crypto-harness.ts";

let h: Harness;
beforeAll(async () => { h = await Harness.load(); });

// ---- BigInt reference (affine, short Weierstrass a = -3)
type Pt = [bigint, bigint] | null;
const CURVES = {
  "P-256": {
    size: 32, hash: "sha256" as HashName,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    g: [0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n] as [bigint, bigint],
  },
  "P-384": {
    size: 48, hash: "sha384" as HashName,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    g: [0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n, 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn] as [bigint, bigint],
  },
};
type CurveName = keyof typeof CURVES;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function powmod(b: bigint, e: bigint, m: bigint) { let r = 1n; b = mod(b, m); while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n; } return r; }
/** Modular inverse by the extended Euclidean algorithm (m prime, a != 0 mod m). */
function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) { const q = r0 / r1; [r0, r1] = [r1, r0 - q * r1]; [t0, t1] = [t1, t0 - q * t1]; }
  return mod(t0, m);
}
function add(c: CurveName, P: Pt, Q: Pt): Pt {
  const { p } = CURVES[c];
  if (!P) return Q; if (!Q) return P;
  if (P[0] === Q[0] && mod(P[1] + Q[1], p) === 0n) return null;
  const l = P[0] === Q[0] ? mod((3n * P[0] * P[0] - 3n) * inv(2n * P[1], p), p) : mod((Q[1] - P[1]) * inv(Q[0] - P[0], p), p);
  const x = mod(l * l - P[0] - Q[0], p);
  return [x, mod(l * (P[0] - x) - P[1], p)];
}
// Scalar multiplication in Jacobian coordinates (one inversion at the end), checked against
// the affine formulas above for small multiples in the tests.
type J = [bigint, bigint, bigint];
function jdbl(p: bigint, [X, Y, Z]: J): J {
  if (Z === 0n || Y === 0n) return [1n, 1n, 0n];
  const d = (Z * Z) % p, g = (Y * Y) % p, be = (X * g) % p;
  const al = mod(3n * (X - d) * (X + d), p);
  const X3 = mod(al * al - 8n * be, p);
  return [X3, mod(al * (4n * be - X3) - 8n * g * g, p), mod((Y + Z) ** 2n - g - d, p)];
}
function jadd(p: bigint, P: J, Q: J): J {
  if (P[2] === 0n) return Q; if (Q[2] === 0n) return P;
  const z1 = (P[2] * P[2]) % p, z2 = (Q[2] * Q[2]) % p;
  const u1 = (P[0] * z2) % p, u2 = (Q[0] * z1) % p;
  const s1 = (P[1] * z2 * Q[2]) % p, s2 = (Q[1] * z1 * P[2]) % p;
  if (u1 === u2) return s1 === s2 ? jdbl(p, P) : [1n, 1n, 0n];
  const H = mod(u2 - u1, p), R = mod(s2 - s1, p), H2 = (H * H) % p, H3 = (H2 * H) % p;
  const X3 = mod(R * R - H3 - 2n * u1 * H2, p);
  return [X3, mod(R * (u1 * H2 - X3) - s1 * H3, p), (H * P[2] * Q[2]) % p];
}
function mul(c: CurveName, k: bigint, P: Pt): Pt {
  const { p } = CURVES[c];
  if (!P) return null;
  let R: J = [1n, 1n, 0n];
  let A: J = [P[0], P[1], 1n];
  while (k > 0n) { if (k & 1n) R = jadd(p, R, A); A = jdbl(p, A); k >>= 1n; }
  if (R[2] === 0n) return null;
  const zi = inv(R[2], p);
  return [mod(R[0] * zi * zi, p), mod(R[1] * zi * zi * zi, p)];
}
const big = (b: Uint8Array) => (b.length ? BigInt("0x" + Buffer.from(b).toString("hex")) : 0n);
const bytes = (x: bigint, len: number) => Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex");
function bits2int(c: CurveName, digest: Uint8Array) { return big(digest.subarray(0, CURVES[c].size)); }
function refVerify(c: CurveName, Q: Pt, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const { n, g } = CURVES[c];
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const e = mod(bits2int(c, digest), n);
  const w = inv(s, n);
  const R = add(c, mul(c, mod(e * w, n), g), mul(c, mod(r * w, n), Q));
  return R !== null && mod(R[0], n) === r;
}
function refSign(c: CurveName, d: bigint, digest: Uint8Array, k: bigint): [bigint, bigint] {
  const { n, g } = CURVES[c];
  const r = mod(mul(c, k, g)![0], n);
  const s = mod(inv(k, n) * (bits2int(c, digest) + r * d), n);
  return [r, s];
}

type EcPair = { c: CurveName; publicKey: KeyObject; privateKey: KeyObject; x: Buffer; y: Buffer };
function ecKey(c: CurveName): EcPair {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: c });
  const j = publicKey.export({ format: "jwk" });
  return { c, publicKey, privateKey, x: Buffer.from(j.x!, "base64url"), y: Buffer.from(j.y!, "base64url") };
}
const crvByte = (c: CurveName) => new Uint8Array([Crv[c]]);
const a = (name: HashName) => new Uint8Array([Alg[name]]);

describe("ECDSA against node:crypto", () => {
  it("valid, tampered, high-S, DER, compressed keys, other hashes (P-256 and P-384)", () => {
    const r = rng(21);
    const b = new Batch();
    const expected: boolean[] = [];
    const labels: string[] = [];
    const add = (want: boolean, label: string, op: number, ...f: (Uint8Array | number | string)[]) => { b.add(op, ...f); expected.push(want); labels.push(label); };
    for (const c of ["P-256", "P-384"] as CurveName[]) {
      const { size, n, hash } = CURVES[c];
      for (let kx = 0; kx < 12; kx++) {
        const k = ecKey(c);
        if (kx % 2 === 0) add(true, `${c} key`, Op.ecKey, crvByte(c), k.x, k.y);
        else add(true, `${c} compressed key`, Op.ecKeySec1, crvByte(c), Buffer.concat([Buffer.from([2 + (k.y[size - 1] & 1)]), k.x]));
        for (let i = 0; i < 20; i++) {
          const msg = r.bytes(r.int(300));
          const sig = sign(hash, msg, { key: k.privateKey, dsaEncoding: "ieee-p1363" });
          add(true, `${c} valid`, Op.ecVerify, a(hash), msg, sig);
          const bad = Uint8Array.from(sig); bad[r.int(sig.length)] ^= 1 << r.int(8);
          add(false, `${c} flipped sig`, Op.ecVerify, a(hash), msg, bad);
          const m2 = Uint8Array.from(msg.length ? msg : [0]); m2[r.int(m2.length)] ^= 1 << r.int(8);
          add(false, `${c} flipped msg`, Op.ecVerify, a(hash), m2, sig);
          // High-S twin (n - s) is valid ECDSA too; JWS accepts it.
          const s = big(sig.subarray(size));
          add(true, `${c} high-S twin`, Op.ecVerify, a(hash), msg, Buffer.concat([sig.subarray(0, size), bytes(n - s, size)]));
          if (i < 5) {
            const der = sign(hash, msg, { key: k.privateKey });
            add(true, `${c} DER`, Op.ecVerifyDer, a(hash), msg, der);
            add(false, `${c} DER trailing byte`, Op.ecVerifyDer, a(hash), msg, Buffer.concat([der, Buffer.from([0])]));
            add(false, `${c} raw as DER`, Op.ecVerifyDer, a(hash), msg, sig);
            const other: HashName = hash === "sha256" ? "sha512" : "sha256"; // bits2int truncation / short digest
            add(true, `${c} ${other}`, Op.ecVerify, a(other), msg, sign(other, msg, { key: k.privateKey, dsaEncoding: "ieee-p1363" }));
            add(false, `${c} wrong hash`, Op.ecVerify, a(other), msg, sig);
          }
        }
        // Range checks.
        const msg = r.bytes(20);
        const sig = sign(hash, msg, { key: k.privateKey, dsaEncoding: "ieee-p1363" });
        const R = sig.subarray(0, size), S = sig.subarray(size);
        const zero = new Uint8Array(size);
        add(false, "r=0", Op.ecVerify, a(hash), msg, Buffer.concat([zero, S]));
        add(false, "s=0", Op.ecVerify, a(hash), msg, Buffer.concat([R, zero]));
        add(false, "r=n", Op.ecVerify, a(hash), msg, Buffer.concat([bytes(n, size), S]));
        add(false, "s=n", Op.ecVerify, a(hash), msg, Buffer.concat([R, bytes(n, size)]));
        add(false, "r=max", Op.ecVerify, a(hash), msg, Buffer.concat([new Uint8Array(size).fill(0xff), S]));
        const rn = big(R) + n;
        if (rn < 1n << BigInt(size * 8)) add(false, "r+n", Op.ecVerify, a(hash), msg, Buffer.concat([bytes(rn, size), S]));
        const sn = big(S) + n;
        if (sn < 1n << BigInt(size * 8)) add(false, "s+n", Op.ecVerify, a(hash), msg, Buffer.concat([R, bytes(sn, size)]));
        add(false, "short sig", Op.ecVerify, a(hash), msg, sig.subarray(1));
        add(false, "long sig", Op.ecVerify, a(hash), msg, Buffer.concat([sig, Buffer.from([0])]));
        add(false, "empty sig", Op.ecVerify, a(hash), msg, new Uint8Array(0));
        // Another key's signature.
        const other = ecKey(c);
        add(false, "other key", Op.ecVerify, a(hash), msg, sign(hash, msg, { key: other.privateKey, dsaEncoding: "ieee-p1363" }));
      }
      // Invalid public keys.
      const k = ecKey(c);
      const { p } = CURVES[c];
      add(false, "y+1", Op.ecKey, crvByte(c), k.x, bytes(mod(big(k.y) + 1n, p), size));
      add(false, "x+1", Op.ecKey, crvByte(c), bytes(mod(big(k.x) + 1n, p), size), k.y);
      add(false, "zeros", Op.ecKey, crvByte(c), new Uint8Array(size), new Uint8Array(size));
      add(false, "x+p", Op.ecKey, crvByte(c), new Uint8Array(size).fill(0xff), k.y);
      add(false, "y+p (same residue)", Op.ecKey, crvByte(c), k.x, bytes(big(k.y) + p < 1n << BigInt(size * 8) ? big(k.y) + p : (1n << BigInt(size * 8)) - 1n, size));
      add(false, "short x", Op.ecKey, crvByte(c), k.x.subarray(1), k.y);
      add(false, "long y", Op.ecKey, crvByte(c), k.x, Buffer.concat([Buffer.from([0]), k.y]));
      add(true, "sec1 uncompressed", Op.ecKeySec1, crvByte(c), Buffer.concat([Buffer.from([4]), k.x, k.y]));
      add(false, "sec1 bad prefix", Op.ecKeySec1, crvByte(c), Buffer.concat([Buffer.from([5]), k.x, k.y]));
      add(false, "sec1 infinity", Op.ecKeySec1, crvByte(c), Buffer.from([0]));
      // A compressed x with no point (x³ - 3x + b a non-residue): find one.
      let x = 1n;
      while (powmod(mod(x ** 3n - 3n * x + CURVES[c].b, p), (p - 1n) / 2n, p) === 1n) x++;
      add(false, "sec1 no point for x", Op.ecKeySec1, crvByte(c), Buffer.concat([Buffer.from([2]), bytes(x, size)]));
      add(false, "other curve", Op.ecKey, crvByte(c === "P-256" ? "P-384" : "P-256"), k.x, k.y);
    }
    const got = h.run(b).map(flag);
    const wrong = labels.filter((_, i) => got[i] !== expected[i]);
    expect(wrong).toEqual([]);
    expect(expected.length).toBeGreaterThan(1500);
  }, 60_000);

  it("the BigInt reference is consistent (Jacobian multiples vs affine additions, n·G = infinity)", () => {
    for (const c of ["P-256", "P-384"] as CurveName[]) {
      const { g, n } = CURVES[c];
      let acc: Pt = null;
      for (let k = 1n; k <= 20n; k++) { acc = add(c, acc, g); expect(mul(c, k, g)).toEqual(acc); }
      expect(mul(c, n, g)).toBeNull();
      expect(mul(c, n - 1n, g)).toEqual([g[0], CURVES[c].p - g[1]]);
    }
  });

  it("crafted cases agree with the BigInt reference: Q = G, Q = -G, e = r, digests >= n, short and long digests", () => {
    const r = rng(22);
    const b = new Batch();
    const expected: boolean[] = [];
    for (const c of ["P-256", "P-384"] as CurveName[]) {
      const { size, n, g } = CURVES[c];
      for (const d of [1n, 2n, n - 1n, n - 2n, 3n]) {
        const Q = mul(c, d, g)!;
        b.add(Op.ecKey, crvByte(c), bytes(Q[0], size), bytes(Q[1], size)); expected.push(true);
        for (let i = 0; i < 6; i++) {
          const k = 1n + mod(big(r.bytes(size)), n - 1n);
          let digest: Uint8Array;
          const kind = i % 6;
          if (kind === 0) digest = bytes(mod(mul(c, k, g)![0], n), size); // e = r: u1 = u2
          else if (kind === 1) digest = bytes(n + BigInt(r.int(1000)) < 1n << BigInt(8 * size) ? n + BigInt(r.int(1000)) : n, size); // e >= n
          else if (kind === 2) digest = new Uint8Array(size).fill(0xff);
          else if (kind === 3) digest = r.bytes(20); // shorter than the order
          else if (kind === 4) digest = r.bytes(64); // longer: leftmost bytes
          else digest = new Uint8Array(size); // e = 0
          const [rr, ss] = refSign(c, d, digest, k);
          const sig = Buffer.concat([bytes(rr, size), bytes(ss, size)]);
          const ok = rr !== 0n && ss !== 0n && refVerify(c, Q, digest, rr, ss);
          b.add(Op.ecVerifyDigest, digest, sig); expected.push(ok);
          // And with r replaced so that u1·G + u2·Q hits the doubling/cancelling cases.
          const sig2 = Buffer.concat([bytes(rr, size), bytes(mod(rr * 2n, n) || 1n, size)]);
          b.add(Op.ecVerifyDigest, bytes(rr, size), sig2); expected.push(refVerify(c, Q, bytes(rr, size), rr, mod(rr * 2n, n) || 1n));
        }
      }
    }
    const got = h.run(b).map(flag);
    expect(got).toEqual(expected);
    expect(expected.filter((x) => x).length).toBeGreaterThan(40);
  }, 60_000);

  it("RFC 7515 appendix A.3 (ES256) through JWK import and the compact token", () => {
    const jwk = { kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0" };
    const input = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    const sig = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    const b = new Batch();
    b.add(Op.jwk, JSON.stringify(jwk));
    b.add(Op.jws, "ES256", input, Buffer.from(sig, "base64url"));
    b.add(Op.jwsToken, "ES256", `${input}.${sig}`);
    b.add(Op.jwsToken, "ES384", `${input}.${sig}`);
    b.add(Op.jwsToken, "RS256", `${input}.${sig}`);
    b.add(Op.jwsToken, "ES256", `${input}x.${sig}`);
    const out = h.run(b);
    expect(out[0][0]).toBe(1);
    expect(out.slice(1).map(flag)).toEqual([true, true, false, false, false]);
  });
});

describe("Ed25519 against node:crypto", () => {
  it("valid, tampered, non-canonical S, bad keys; RFC 8032 test 1", () => {
    const r = rng(31);
    const b = new Batch();
    const expected: boolean[] = [];
    const labels: string[] = [];
    const add = (want: boolean, label: string, op: number, ...f: (Uint8Array | string)[]) => { b.add(op, ...f); expected.push(want); labels.push(label); };
    const L = 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn;
    const le = (x: bigint) => Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse();
    for (let kx = 0; kx < 15; kx++) {
      const { publicKey, privateKey } = generateKeyPairSync("ed25519");
      const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
      add(true, "key", Op.edKey, pub);
      for (let i = 0; i < 15; i++) {
        const msg = r.bytes(r.int(300));
        const sig = sign(null, msg, privateKey);
        add(true, "valid", Op.edVerify, msg, sig);
        const bad = Uint8Array.from(sig); bad[r.int(64)] ^= 1 << r.int(8);
        add(false, "flipped sig", Op.edVerify, msg, bad);
        const m2 = Uint8Array.from(msg.length ? msg : [0]); m2[r.int(m2.length)] ^= 1 << r.int(8);
        add(false, "flipped msg", Op.edVerify, m2, sig);
        if (i < 2) {
          const S = BigInt("0x" + Buffer.from(sig.subarray(32)).reverse().toString("hex"));
          add(false, "S + L (malleable)", Op.edVerify, msg, Buffer.concat([sig.subarray(0, 32), le(S + L)]));
          add(false, "short", Op.edVerify, msg, sig.subarray(1));
        }
      }
    }
    // Keys: y >= p, and a y with no x.
    const p = (1n << 255n) - 19n;
    add(false, "y = p", Op.edKey, le(p));
    add(false, "y = p + 1", Op.edKey, le(p + 1n));
    add(false, "wrong length", Op.edKey, new Uint8Array(31));
    add(true, "y = 1 (identity, decodable)", Op.edKey, le(1n));
    add(false, "x = 0 with sign bit", Op.edKey, Buffer.from(le(1n).map((v, i) => (i === 31 ? v | 0x80 : v))));
    // y = 2: u = 3, v = 4d + 1; check with the Legendre symbol whether x exists.
    const d = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;
    const hasX = (y: bigint) => { const u = mod(y * y - 1n, p), v = mod(d * y * y + 1n, p); const x2 = mod(u * inv(v, p), p); return x2 === 0n || powmod(x2, (p - 1n) / 2n, p) === 1n; };
    let y = 2n; while (hasX(y)) y++;
    add(false, "no x for y", Op.edKey, le(y));
    add(true, "has x", Op.edKey, le(y + 1n < p && hasX(y + 1n) ? y + 1n : 1n));
    // RFC 8032 §7.1 test 1 (empty message).
    add(true, "rfc8032 key", Op.edKey, Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex"));
    add(true, "rfc8032 sig", Op.edVerify, new Uint8Array(0), Buffer.from("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", "hex"));
    const got = h.run(b).map(flag);
    const wrong = labels.filter((_, i) => got[i] !== expected[i]);
    expect(wrong).toEqual([]);
  }, 60_000);
});
