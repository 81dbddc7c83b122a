// ECDSA verification on P-256 and P-384 (FIPS 186-5, SEC 1), for JWS ES256/ES384.
//
// Field and scalar arithmetic are Montgomery (./mont) with the curve's fixed limb count
// (8 for P-256, 12 for P-384). Points are Jacobian (X, Y, Z) with Z = 0 for infinity; the
// curve's a = -3 doubling (dbl-2001-b) and Jacobian+affine addition (madd-2007-bl, with the
// P = Q and P = -Q cases handled) are used. Verification computes u1·G + u2·Q by Straus'
// interleaving with 4-bit windows over affine tables of 1..15 × G (built once per curve) and
// 1..15 × Q (built when the key is imported), then checks x(R) ≡ r (mod n) without inverting
// Z: X == r·Z² or, when r + n < p, X == (r+n)·Z².
//
// Validation: public keys must be on the curve with coordinates < p (infinity has no
// encoding); r and s must be in [1, n-1]; high-S signatures are accepted, as in JWS. Not
// constant time: only public values are processed.
import { DerReader } from "./der";
import { hexDecode } from "./encoding";
import { Mont, limbsAdd, limbsCmp, limbsFromBytes, limbsToBytes } from "./mont";
import { HashAlg, hashLength, sharedHash } from "./sha2";

export enum EcCurve { P256 = 0, P384 = 1 }

/** A curve y² = x³ - 3x + b over GF(p) with a prime-order generator G (cofactor 1). */
export class Curve {
  readonly id: EcCurve;
  readonly limbs: i32;
  /** Field/scalar byte length: 32 or 48. */
  readonly size: i32;
  readonly fp: Mont;
  readonly fn: Mont;
  /** The curve's hash for JWS (SHA-256 for P-256, SHA-384 for P-384). */
  readonly hash: HashAlg;
  private b: StaticArray<u32> = new StaticArray<u32>(0);
  /** Affine multiples 1..15 of G, Montgomery form, 2·limbs words each (entry 0 unused). */
  gTable: StaticArray<u32> = new StaticArray<u32>(0);
  /** (p+1)/4, for square roots (p ≡ 3 mod 4 on both curves). */
  private sqrtExp: StaticArray<u32> = new StaticArray<u32>(0);
  /** Scratch: 14 field elements, a Jacobian accumulator, a few scalars. */
  private tmp: StaticArray<u32> = new StaticArray<u32>(0);
  private acc: StaticArray<u32> = new StaticArray<u32>(0);
  private sc: StaticArray<u32> = new StaticArray<u32>(0);
  private digestBuf: Uint8Array = new Uint8Array(64);

  constructor(id: EcCurve, pHex: string, nHex: string, bHex: string, gxHex: string, gyHex: string, hash: HashAlg) {
    this.id = id;
    const p = hexDecode(pHex)!;
    const n = hexDecode(nHex)!;
    const s = p.length >> 2;
    this.size = p.length;
    this.limbs = s;
    this.fp = Mont.fromBytes(p.dataStart, p.length, s)!;
    this.fn = Mont.fromBytes(n.dataStart, n.length, s)!;
    this.hash = hash;
    this.tmp = new StaticArray<u32>(14 * s);
    this.acc = new StaticArray<u32>(3 * s);
    this.sc = new StaticArray<u32>(6 * s);
    const b = new StaticArray<u32>(s);
    this.fp.readBytes(changetype<usize>(b), hexDecode(bHex)!.dataStart, this.size);
    this.fp.toMont(changetype<usize>(b), changetype<usize>(b));
    this.b = b;
    // (p + 1) / 4: p + 1 does not overflow the top limb (p's top limb is not all ones for P-384,
    // and for P-256 p + 1 = 2^256 - 2^224 + 2^192 + 2^96 stays below 2^256).
    const e = new StaticArray<u32>(s);
    const one = new StaticArray<u32>(s);
    unchecked(one[0] = 1);
    limbsAdd(changetype<usize>(e), changetype<usize>(this.fp.n), changetype<usize>(one), s);
    for (let i = 0; i < s; i++) {
      const lo = unchecked(e[i]) >> 2;
      const hi = i + 1 < s ? unchecked(e[i + 1]) << 30 : 0;
      unchecked(e[i] = lo | hi);
    }
    this.sqrtExp = e;
    const gx = new StaticArray<u32>(s);
    const gy = new StaticArray<u32>(s);
    this.fp.readBytes(changetype<usize>(gx), hexDecode(gxHex)!.dataStart, this.size);
    this.fp.readBytes(changetype<usize>(gy), hexDecode(gyHex)!.dataStart, this.size);
    this.fp.toMont(changetype<usize>(gx), changetype<usize>(gx));
    this.fp.toMont(changetype<usize>(gy), changetype<usize>(gy));
    this.gTable = new StaticArray<u32>(16 * 2 * s);
    this.buildTable(changetype<usize>(this.gTable), changetype<usize>(gx), changetype<usize>(gy));
  }

  @inline private t(i: i32): usize {
    return changetype<usize>(this.tmp) + (<usize>(i * this.limbs) << 2);
  }

  /** y² == x³ - 3x + b for x, y in Montgomery form. */
  isOnCurve(x: usize, y: usize): bool {
    const f = this.fp;
    const t0 = this.t(0), t1 = this.t(1);
    f.sqr(t0, x);
    f.mul(t0, t0, x);
    f.add(t1, x, x);
    f.add(t1, t1, x);
    f.sub(t0, t0, t1);
    f.add(t0, t0, changetype<usize>(this.b));
    f.sqr(t1, y);
    return f.eq(t0, t1);
  }

  /** out = sqrt(x³ - 3x + b) with the parity `odd` (Montgomery in/out); false if none exists. */
  decompress(outY: usize, x: usize, odd: bool): bool {
    const f = this.fp;
    const s = this.limbs;
    const rhs = this.t(2), y = this.t(3), chk = this.t(4), plain = this.t(5);
    f.sqr(rhs, x);
    f.mul(rhs, rhs, x);
    f.add(chk, x, x);
    f.add(chk, chk, x);
    f.sub(rhs, rhs, chk);
    f.add(rhs, rhs, changetype<usize>(this.b));
    f.pow(y, rhs, changetype<usize>(this.sqrtExp), s);
    f.sqr(chk, y);
    if (!f.eq(chk, rhs)) return false;
    f.fromMont(plain, y);
    if (((load<u32>(plain) & 1) != 0) != odd) f.neg(y, y);
    f.copy(outY, y);
    return true;
  }

  /** out = 2·p (Jacobian, a = -3). out may alias p. */
  dbl(out: usize, p: usize): void {
    const f = this.fp;
    const fs = <usize>this.limbs << 2;
    const X1 = p, Y1 = p + fs, Z1 = p + fs * 2;
    const delta = this.t(0), gamma = this.t(1), beta = this.t(2), alpha = this.t(3);
    const t4 = this.t(4), X3 = this.t(5), Y3 = this.t(6), Z3 = this.t(7);
    f.sqr(delta, Z1);
    f.sqr(gamma, Y1);
    f.mul(beta, X1, gamma);
    f.sub(alpha, X1, delta);
    f.add(t4, X1, delta);
    f.mul(alpha, alpha, t4);
    f.add(t4, alpha, alpha);
    f.add(alpha, t4, alpha);
    f.add(Z3, Y1, Z1);
    f.sqr(Z3, Z3);
    f.sub(Z3, Z3, gamma);
    f.sub(Z3, Z3, delta);
    f.add(beta, beta, beta);
    f.add(beta, beta, beta); // 4β
    f.sqr(X3, alpha);
    f.sub(X3, X3, beta);
    f.sub(X3, X3, beta); // α² - 8β
    f.sub(Y3, beta, X3);
    f.mul(Y3, alpha, Y3);
    f.sqr(gamma, gamma);
    f.add(gamma, gamma, gamma);
    f.add(gamma, gamma, gamma);
    f.add(gamma, gamma, gamma); // 8γ²
    f.sub(Y3, Y3, gamma);
    f.copy(out, X3);
    f.copy(out + fs, Y3);
    f.copy(out + fs * 2, Z3);
  }

  /** out = p + q with p Jacobian and q affine (Montgomery). out may alias p. */
  addAffine(out: usize, p: usize, q: usize): void {
    const f = this.fp;
    const fs = <usize>this.limbs << 2;
    const X1 = p, Y1 = p + fs, Z1 = p + fs * 2;
    const X2 = q, Y2 = q + fs;
    if (f.isZero(Z1)) {
      f.copy(out, X2);
      f.copy(out + fs, Y2);
      f.copy(out + fs * 2, changetype<usize>(f.one));
      return;
    }
    const z1z1 = this.t(8), u2 = this.t(9), s2 = this.t(10), h = this.t(11), r = this.t(12), hh = this.t(13);
    f.sqr(z1z1, Z1);
    f.mul(u2, X2, z1z1);
    f.mul(s2, Z1, z1z1);
    f.mul(s2, Y2, s2);
    f.sub(h, u2, X1);
    f.sub(r, s2, Y1);
    if (f.isZero(h)) {
      if (f.isZero(r)) { this.dbl(out, p); return; }
      memory.fill(out, 0, fs * 3); // p = -q: infinity
      return;
    }
    f.add(r, r, r);
    f.sqr(hh, h);
    // Reuse: u2 ← I = 4·HH, s2 ← J = H·I, then V = X1·I into t(0).
    const I = u2, J = s2, V = this.t(0), X3 = this.t(1), Y3 = this.t(2), Z3 = this.t(3), w = this.t(4);
    f.add(I, hh, hh);
    f.add(I, I, I);
    f.mul(J, h, I);
    f.mul(V, X1, I);
    f.sqr(X3, r);
    f.sub(X3, X3, J);
    f.sub(X3, X3, V);
    f.sub(X3, X3, V);
    f.sub(Y3, V, X3);
    f.mul(Y3, r, Y3);
    f.mul(w, Y1, J);
    f.add(w, w, w);
    f.sub(Y3, Y3, w);
    f.add(Z3, Z1, h);
    f.sqr(Z3, Z3);
    f.sub(Z3, Z3, z1z1);
    f.sub(Z3, Z3, hh);
    f.copy(out, X3);
    f.copy(out + fs, Y3);
    f.copy(out + fs * 2, Z3);
  }

  /** Affine (Montgomery) of a finite Jacobian point. */
  toAffine(out: usize, p: usize): void {
    const f = this.fp;
    const fs = <usize>this.limbs << 2;
    const zi = this.t(8), zi2 = this.t(9);
    f.invPrime(zi, p + fs * 2);
    f.sqr(zi2, zi);
    f.mul(out, p, zi2);
    f.mul(zi2, zi2, zi);
    f.mul(out + fs, p + fs, zi2);
  }

  /** Fills `table` (16 × 2·limbs words) with the affine multiples 1..15 of (x, y). */
  buildTable(table: usize, x: usize, y: usize): void {
    const f = this.fp;
    const fs = <usize>this.limbs << 2;
    const es = fs * 2;
    const acc = changetype<usize>(this.acc);
    f.copy(table + es, x);
    f.copy(table + es + fs, y);
    f.copy(acc, x);
    f.copy(acc + fs, y);
    f.copy(acc + fs * 2, changetype<usize>(f.one));
    for (let k: usize = 2; k < 16; k++) {
      this.addAffine(acc, acc, table + es);
      this.toAffine(table + k * es, acc);
    }
  }

  /**
   * ECDSA verification core: digest bytes (bits2int: leftmost `size` bytes) and r, s as
   * big-endian `size`-byte values at rp/sp, against the key table `qTable`.
   */
  verify(digest: usize, digestLen: i32, rp: usize, sp: usize, qTable: usize): bool {
    const s = this.limbs;
    const fs = <usize>s << 2;
    const fn = this.fn;
    const fp = this.fp;
    const sc = changetype<usize>(this.sc);
    const r = sc, sv = sc + fs, e = sc + fs * 2, w = sc + fs * 3, u1 = sc + fs * 4, u2 = sc + fs * 5;
    if (!fn.readBytes(r, rp, this.size) || fn.isZero(r)) return false;
    if (!fn.readBytes(sv, sp, this.size) || fn.isZero(sv)) return false;
    // e = bits2int(H) mod n: both curves have byte-aligned orders, so take the leftmost bytes.
    const eLen = min(digestLen, this.size);
    limbsFromBytes(e, s, digest, eLen);
    if (!fn.isReduced(e)) fn.sub(e, e, changetype<usize>(fn.n)); // e < 2^bits < 2n
    fn.toMont(sv, sv);
    fn.invPrime(w, sv);
    fn.mul(u1, e, w); // e·w·R·R⁻¹: plain form
    fn.mul(u2, r, w);
    const acc = changetype<usize>(this.acc);
    memory.fill(acc, 0, fs * 3);
    const gt = changetype<usize>(this.gTable);
    const es = fs * 2;
    let started = false;
    for (let i = (s << 3) - 1; i >= 0; i--) {
      if (started) {
        this.dbl(acc, acc); this.dbl(acc, acc); this.dbl(acc, acc); this.dbl(acc, acc);
      }
      const word = <usize>(i >> 3) << 2;
      const sh = (<u32>i & 7) << 2;
      const n1 = (load<u32>(u1 + word) >> sh) & 15;
      const n2 = (load<u32>(u2 + word) >> sh) & 15;
      if (n1 != 0) { this.addAffine(acc, acc, gt + <usize>n1 * es); started = true; }
      if (n2 != 0) { this.addAffine(acc, acc, qTable + <usize>n2 * es); started = true; }
    }
    const Z = acc + fs * 2;
    if (fp.isZero(Z)) return false;
    const z2 = this.t(0), rz = this.t(1), rm = this.t(2);
    fp.mul(z2, Z, Z);
    fp.toMont(rm, r); // r < n < p
    fp.mul(rz, rm, z2);
    if (fp.eq(rz, acc)) return true;
    // x(R) in [n, p) reduces to r too: try r + n when it is below p.
    const carry = limbsAdd(rm, r, changetype<usize>(fn.n), s);
    if (carry != 0 || limbsCmp(rm, changetype<usize>(fp.n), s) >= 0) return false;
    fp.toMont(rm, rm);
    fp.mul(rz, rm, z2);
    return fp.eq(rz, acc);
  }

  /** Scratch digest buffer (64 bytes). */
  get digestScratch(): usize {
    return this.digestBuf.dataStart;
  }
}

// @ts-ignore: decorator
@lazy let p256: Curve | null = null;
// @ts-ignore: decorator
@lazy let p384: Curve | null = null;

/** The curve's parameters and tables, built on first use. */
export function curve(id: EcCurve): Curve {
  if (id == EcCurve.P256) {
    let c = p256;
    if (c === null) {
      c = new Curve(EcCurve.P256,
        "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
        "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
        "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        HashAlg.SHA256);
      p256 = c;
    }
    return c;
  }
  let c = p384;
  if (c === null) {
    c = new Curve(EcCurve.P384,
      "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
      "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
      "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
      "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
      "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
      HashAlg.SHA384);
    p384 = c;
  }
  return c;
}

/** Field/scalar byte length of a curve (32 or 48). */
export function curveSize(id: EcCurve): i32 {
  return id == EcCurve.P256 ? 32 : 48;
}

/** An EC public key, validated and with its multiples table precomputed. */
export class EcPublicKey {
  readonly crv: EcCurve;
  readonly curve: Curve;
  /** Uncompressed affine coordinates, big-endian. */
  readonly x: Uint8Array;
  readonly y: Uint8Array;
  private table: StaticArray<u32>;

  private constructor(c: Curve, xm: usize, ym: usize) {
    this.crv = c.id;
    this.curve = c;
    const s = c.limbs;
    const table = new StaticArray<u32>(16 * 2 * s);
    c.buildTable(changetype<usize>(table), xm, ym);
    this.table = table;
    const plain = new StaticArray<u32>(s);
    const x = new Uint8Array(c.size);
    const y = new Uint8Array(c.size);
    c.fp.fromMont(changetype<usize>(plain), xm);
    limbsToBytes(x.dataStart, c.size, changetype<usize>(plain), s);
    c.fp.fromMont(changetype<usize>(plain), ym);
    limbsToBytes(y.dataStart, c.size, changetype<usize>(plain), s);
    this.x = x;
    this.y = y;
  }

  /** From affine coordinates of exactly the curve's size (as JWK requires); null if not a valid point. */
  static fromCoordinates(crv: EcCurve, x: Uint8Array, y: Uint8Array): EcPublicKey | null {
    const c = curve(crv);
    if (x.length != c.size || y.length != c.size) return null;
    const xm = c.fp.alloc(), ym = c.fp.alloc();
    const xp = changetype<usize>(xm), yp = changetype<usize>(ym);
    if (!c.fp.readBytes(xp, x.dataStart, c.size) || !c.fp.readBytes(yp, y.dataStart, c.size)) return null;
    c.fp.toMont(xp, xp);
    c.fp.toMont(yp, yp);
    if (!c.isOnCurve(xp, yp)) return null;
    return new EcPublicKey(c, xp, yp);
  }

  /** From a SEC 1 point: 04 || x || y, or compressed 02/03 || x. Null if invalid. */
  static fromSec1(crv: EcCurve, point: Uint8Array): EcPublicKey | null {
    const c = curve(crv);
    const size = c.size;
    if (point.length == 1 + 2 * size && point[0] == 4) {
      return EcPublicKey.fromCoordinates(crv, point.subarray(1, 1 + size), point.subarray(1 + size));
    }
    if (point.length != 1 + size || (point[0] != 2 && point[0] != 3)) return null;
    const xm = c.fp.alloc(), ym = c.fp.alloc();
    const xp = changetype<usize>(xm), yp = changetype<usize>(ym);
    if (!c.fp.readBytes(xp, point.dataStart + 1, size)) return null;
    c.fp.toMont(xp, xp);
    if (!c.decompress(yp, xp, point[0] == 3)) return null;
    if (!c.isOnCurve(xp, yp)) return null;
    return new EcPublicKey(c, xp, yp);
  }

  /** Verifies a JWS signature (raw r || s, 2 × size bytes) over `msg` with the curve's hash. */
  verify(msg: Uint8Array, sig: Uint8Array): bool {
    return this.verifyWithHash(this.curve.hash, msg, sig);
  }

  /** Verifies a raw r || s signature over `msg` hashed with `alg`. */
  verifyWithHash(alg: HashAlg, msg: Uint8Array, sig: Uint8Array): bool {
    const c = this.curve;
    if (sig.length != 2 * c.size) return false;
    const d = c.digestScratch;
    sharedHash(alg).updatePtr(msg.dataStart, msg.length).finishInto(d);
    return c.verify(d, hashLength(alg), sig.dataStart, sig.dataStart + <usize>c.size, changetype<usize>(this.table));
  }

  /** Verifies a raw r || s signature over a precomputed digest (any length; bits2int truncation). */
  verifyDigest(digest: Uint8Array, sig: Uint8Array): bool {
    const c = this.curve;
    if (sig.length != 2 * c.size || digest.length == 0) return false;
    return c.verify(digest.dataStart, digest.length, sig.dataStart, sig.dataStart + <usize>c.size, changetype<usize>(this.table));
  }

  /** Verifies a DER (ASN.1 SEQUENCE of two INTEGERs) signature over `msg` with `alg`. */
  verifyDer(alg: HashAlg, msg: Uint8Array, der: Uint8Array): bool {
    const raw = ecdsaDerToRaw(der, this.curve.size);
    if (raw === null) return false;
    return this.verifyWithHash(alg, msg, raw);
  }
}

/**
 * Converts a strict-DER ECDSA signature (SEQUENCE { INTEGER r, INTEGER s }, minimal integer
 * encodings, no trailing bytes) into raw r || s of 2 × size bytes; null if malformed or if r
 * or s does not fit in `size` bytes. Range checks (1..n-1) happen at verification.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: i32): Uint8Array | null {
  const top = new DerReader(der);
  if (!top.read(0x30) || !top.done) return null;
  const seq = top.sub();
  const out = new Uint8Array(2 * size);
  for (let k = 0; k < 2; k++) {
    const v = seq.unsignedInteger(); // zero passes here; verification rejects it
    if (v === null || v.length > size) return null;
    memory.copy(out.dataStart + <usize>(k * size + size - v.length), v.dataStart, <usize>v.length);
  }
  return seq.done ? out : null;
}
