// Ed25519 signature verification (RFC 8032 §5.1.7), for JWS "EdDSA" with crv Ed25519 (RFC 8037).
//
// GF(2^255-19) and the scalars mod L use the generic Montgomery code (./mont, 8 limbs). Points
// are extended twisted Edwards (X:Y:Z:T) with RFC 8032's complete addition and doubling
// formulas, so no special cases exist. Verification computes R' = [S]B + [h](-A) by Straus'
// interleaving with 4-bit windows (tables of 0..15 × B, once, and 0..15 × -A, per key) and
// compares the encoding of R' with the signature's R bytes (cofactorless, as OpenSSL does).
// Strict: S must be < L, A must decode (y < p, x = 0 only with sign bit 0); R is checked by
// the encoding comparison. Not constant time: verification handles public data only.
import { hexDecode } from "./encoding";
import { Mont, limbsCmp } from "./mont";
import { HashAlg, sharedHash } from "./sha2";

const LIMBS = 8;
const FS: usize = 32; // field element bytes
const PS: usize = 128; // extended point bytes

class Ed25519Ctx {
  fp: Mont;
  fl: Mont;
  d2: StaticArray<u32> = new StaticArray<u32>(0); // 2d, Montgomery
  d: StaticArray<u32> = new StaticArray<u32>(0);
  sqrtm1: StaticArray<u32> = new StaticArray<u32>(0);
  expP58: StaticArray<u32> = new StaticArray<u32>(0); // (p-5)/8 = 2^252 - 3
  r3: StaticArray<u32> = new StaticArray<u32>(0); // R³ mod L
  bTable: StaticArray<u32> = new StaticArray<u32>(0); // 16 extended points
  tmp: StaticArray<u32> = new StaticArray<u32>(0); // 12 field elements
  acc: StaticArray<u32> = new StaticArray<u32>(0);
  sc: StaticArray<u32> = new StaticArray<u32>(0);
  hbuf: Uint8Array = new Uint8Array(64);
  enc: Uint8Array = new Uint8Array(32);

  constructor() {
    const p = hexDecode("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed")!;
    const l = hexDecode("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed")!;
    const fp = Mont.fromBytes(p.dataStart, 32, LIMBS)!;
    const fl = Mont.fromBytes(l.dataStart, 32, LIMBS)!;
    this.fp = fp;
    this.fl = fl;
    this.tmp = new StaticArray<u32>(12 * LIMBS);
    this.acc = new StaticArray<u32>(4 * LIMBS);
    this.sc = new StaticArray<u32>(4 * LIMBS);
    this.d = this.constant("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3");
    this.d2 = new StaticArray<u32>(LIMBS);
    this.fp.add(changetype<usize>(this.d2), changetype<usize>(this.d), changetype<usize>(this.d));
    this.sqrtm1 = this.constant("2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0");
    const e = new StaticArray<u32>(LIMBS);
    for (let i = 0; i < LIMBS; i++) unchecked(e[i] = 0xffffffff);
    unchecked(e[0] = 0xfffffffd);
    unchecked(e[7] = 0x0fffffff);
    this.expP58 = e;
    const r3 = new StaticArray<u32>(LIMBS);
    this.fl.mul(changetype<usize>(r3), changetype<usize>(this.fl.r2), changetype<usize>(this.fl.r2));
    this.r3 = r3;
    // B: y = 4/5, x even.
    const benc = new Uint8Array(32);
    benc.fill(0x66);
    benc[0] = 0x58;
    const b = new StaticArray<u32>(4 * LIMBS);
    this.bTable = new StaticArray<u32>(16 * 4 * LIMBS);
    this.decode(changetype<usize>(b), benc.dataStart);
    this.buildTable(changetype<usize>(this.bTable), changetype<usize>(b));
  }

  private constant(hex: string): StaticArray<u32> {
    const out = new StaticArray<u32>(LIMBS);
    const bytes = hexDecode(hex)!;
    this.fp.readBytes(changetype<usize>(out), bytes.dataStart, 32);
    this.fp.toMont(changetype<usize>(out), changetype<usize>(out));
    return out;
  }

  @inline t(i: i32): usize {
    return changetype<usize>(this.tmp) + (<usize>i << 5);
  }

  /** Decodes a 32-byte point encoding into extended coordinates (Montgomery); false if invalid. */
  decode(out: usize, src: usize): bool {
    const f = this.fp;
    const y = out + FS, z = out + FS * 2, x = out, tt = out + FS * 3;
    memory.copy(y, src, 32);
    const sign = load<u8>(src + 31) >> 7;
    store<u8>(y + 31, load<u8>(y + 31) & 0x7f);
    if (limbsCmp(y, changetype<usize>(f.n), LIMBS) >= 0) return false;
    f.toMont(y, y);
    const one = changetype<usize>(f.one);
    const y2 = this.t(0), u = this.t(1), v = this.t(2), v3 = this.t(3), w = this.t(4), vx2 = this.t(5);
    f.sqr(y2, y);
    f.sub(u, y2, one);
    f.mul(v, changetype<usize>(this.d), y2);
    f.add(v, v, one);
    f.sqr(v3, v);
    f.mul(v3, v3, v); // v³
    f.sqr(w, v3);
    f.mul(w, w, v); // v⁷
    f.mul(w, w, u); // u·v⁷
    f.pow(x, w, changetype<usize>(this.expP58), LIMBS);
    f.mul(x, x, v3);
    f.mul(x, x, u); // u·v³·(u·v⁷)^((p-5)/8)
    f.sqr(vx2, x);
    f.mul(vx2, vx2, v);
    if (!f.eq(vx2, u)) {
      f.neg(w, u);
      if (!f.eq(vx2, w)) return false;
      f.mul(x, x, changetype<usize>(this.sqrtm1));
    }
    f.fromMont(w, x);
    const odd = load<u32>(w) & 1;
    if (f.isZero(w) && sign == 1) return false;
    if (odd != <u32>sign) f.neg(x, x);
    f.copy(z, one);
    f.mul(tt, x, y);
    return true;
  }

  /** out = p + q (extended; RFC 8032 §5.1.4). out may alias p or q. */
  add(out: usize, p: usize, q: usize): void {
    const f = this.fp;
    const a = this.t(0), b = this.t(1), c = this.t(2), d = this.t(3), e = this.t(4), ff = this.t(5), g = this.t(6), h = this.t(7), w = this.t(8);
    f.sub(a, p + FS, p);
    f.sub(w, q + FS, q);
    f.mul(a, a, w);
    f.add(b, p + FS, p);
    f.add(w, q + FS, q);
    f.mul(b, b, w);
    f.mul(c, p + FS * 3, q + FS * 3);
    f.mul(c, c, changetype<usize>(this.d2));
    f.mul(d, p + FS * 2, q + FS * 2);
    f.add(d, d, d);
    f.sub(e, b, a);
    f.sub(ff, d, c);
    f.add(g, d, c);
    f.add(h, b, a);
    f.mul(out, e, ff);
    f.mul(out + FS, g, h);
    f.mul(out + FS * 3, e, h);
    f.mul(out + FS * 2, ff, g);
  }

  /** out = 2p. out may alias p. */
  dbl(out: usize, p: usize): void {
    const f = this.fp;
    const a = this.t(0), b = this.t(1), c = this.t(2), h = this.t(3), e = this.t(4), g = this.t(5), ff = this.t(6);
    f.sqr(a, p);
    f.sqr(b, p + FS);
    f.sqr(c, p + FS * 2);
    f.add(c, c, c);
    f.add(h, a, b);
    f.add(e, p, p + FS);
    f.sqr(e, e);
    f.sub(e, h, e);
    f.sub(g, a, b);
    f.add(ff, c, g);
    f.mul(out, e, ff);
    f.mul(out + FS, g, h);
    f.mul(out + FS * 3, e, h);
    f.mul(out + FS * 2, ff, g);
  }

  setIdentity(out: usize): void {
    memory.fill(out, 0, PS);
    this.fp.copy(out + FS, changetype<usize>(this.fp.one));
    this.fp.copy(out + FS * 2, changetype<usize>(this.fp.one));
  }

  /** table[k] = k·p for k = 0..15. */
  buildTable(table: usize, p: usize): void {
    this.setIdentity(table);
    memory.copy(table + PS, p, PS);
    for (let k: usize = 2; k < 16; k++) this.add(table + k * PS, table + (k - 1) * PS, p);
  }

  /** Encodes an extended point into this.enc. */
  encode(p: usize): void {
    const f = this.fp;
    const zi = this.t(9), x = this.t(10), y = this.t(11);
    f.invPrime(zi, p + FS * 2);
    f.mul(x, p, zi);
    f.mul(y, p + FS, zi);
    f.fromMont(x, x);
    f.fromMont(y, y);
    const out = this.enc.dataStart;
    memory.copy(out, y, 32);
    store<u8>(out + 31, load<u8>(out + 31) | <u8>((load<u32>(x) & 1) << 7));
  }

  verify(negATable: usize, pub: usize, msg: Uint8Array, sig: usize): bool {
    const fl = this.fl;
    const sc = changetype<usize>(this.sc);
    const s = sc, lo = sc + FS, hi = sc + FS * 2, h = sc + FS * 3;
    memory.copy(s, sig + 32, 32);
    if (limbsCmp(s, changetype<usize>(fl.n), LIMBS) >= 0) return false;
    const hb = this.hbuf.dataStart;
    sharedHash(HashAlg.SHA512).updatePtr(sig, 32).updatePtr(pub, 32).updatePtr(msg.dataStart, msg.length).finishInto(hb);
    // h = (lo + hi·2^256) mod L = mont(lo·R + hi·R², 1), lo, hi < R.
    memory.copy(lo, hb, 32);
    memory.copy(hi, hb + 32, 32);
    fl.mul(lo, lo, changetype<usize>(fl.r2));
    fl.mul(hi, hi, changetype<usize>(this.r3));
    fl.add(h, lo, hi);
    fl.fromMont(h, h);
    const acc = changetype<usize>(this.acc);
    this.setIdentity(acc);
    const bt = changetype<usize>(this.bTable);
    let started = false;
    for (let i = 63; i >= 0; i--) {
      if (started) { this.dbl(acc, acc); this.dbl(acc, acc); this.dbl(acc, acc); this.dbl(acc, acc); }
      const word = <usize>(i >> 3) << 2;
      const sh = (<u32>i & 7) << 2;
      const n1 = (load<u32>(s + word) >> sh) & 15;
      const n2 = (load<u32>(h + word) >> sh) & 15;
      if (n1 != 0) { this.add(acc, acc, bt + <usize>n1 * PS); started = true; }
      if (n2 != 0) { this.add(acc, acc, negATable + <usize>n2 * PS); started = true; }
    }
    this.encode(acc);
    return memory.compare(this.enc.dataStart, sig, 32) == 0;
  }
}

// @ts-ignore: decorator
@lazy let ctx: Ed25519Ctx | null = null;

function context(): Ed25519Ctx {
  let c = ctx;
  if (c === null) { c = new Ed25519Ctx(); ctx = c; }
  return c;
}

/** An Ed25519 public key, decoded and with its table of -A multiples precomputed. */
export class Ed25519PublicKey {
  /** The 32-byte encoding. */
  readonly bytes: Uint8Array;
  private table: StaticArray<u32>;

  private constructor(bytes: Uint8Array, table: StaticArray<u32>) {
    this.bytes = bytes;
    this.table = table;
  }

  /** From the 32-byte RFC 8032 encoding; null if it is not a valid point encoding. */
  static create(pub: Uint8Array): Ed25519PublicKey | null {
    if (pub.length != 32) return null;
    const c = context();
    const a = new StaticArray<u32>(4 * LIMBS);
    const ap = changetype<usize>(a);
    if (!c.decode(ap, pub.dataStart)) return null;
    c.fp.neg(ap, ap);
    c.fp.neg(ap + FS * 3, ap + FS * 3);
    const table = new StaticArray<u32>(16 * 4 * LIMBS);
    c.buildTable(changetype<usize>(table), ap);
    const bytes = new Uint8Array(32);
    memory.copy(bytes.dataStart, pub.dataStart, 32);
    return new Ed25519PublicKey(bytes, table);
  }

  /** Verifies a 64-byte signature R || S over `msg`. */
  verify(msg: Uint8Array, sig: Uint8Array): bool {
    if (sig.length != 64) return false;
    return context().verify(changetype<usize>(this.table), this.bytes.dataStart, msg, sig.dataStart);
  }
}
