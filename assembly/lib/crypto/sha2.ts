// SHA-256, SHA-384 and SHA-512 (FIPS 180-4), streaming and one-shot, and HMAC (RFC 2104) over
// each. Hash objects own their buffers (allocated once at construction); update/finish do not
// allocate, so a prepared Hmac or hash can be reused per request with reset().

export enum HashAlg { SHA256 = 0, SHA384 = 1, SHA512 = 2 }

/** Digest length in bytes of `alg`. */
export function hashLength(alg: HashAlg): i32 {
  return alg == HashAlg.SHA256 ? 32 : alg == HashAlg.SHA384 ? 48 : 64;
}

// @ts-ignore: decorator
@lazy const K256: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// @ts-ignore: decorator
@lazy const K512: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
  0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
  0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
  0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
  0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
  0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
  0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
  0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
  0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
  0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
  0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
  0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
  0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

/**
 * A SHA-2 hash, streaming: reset(), update(...) any number of times, then finish. Reusable after
 * reset(). `finishInto` writes `outputLength` bytes at a pointer; `digest()` allocates them.
 */
export abstract class Hash {
  readonly alg: HashAlg;
  readonly outputLength: i32;
  readonly blockLength: i32;
  protected buffer: StaticArray<u8>;
  protected buffered: i32 = 0;
  protected total: u64 = 0;

  constructor(alg: HashAlg, outputLength: i32, blockLength: i32) {
    this.alg = alg;
    this.outputLength = outputLength;
    this.blockLength = blockLength;
    this.buffer = new StaticArray<u8>(blockLength);
  }

  abstract reset(): Hash;
  protected abstract compress(block: usize): void;
  protected abstract writeOutput(out: usize): void;
  /** Copies `other`'s whole state (same algorithm) into this hash. */
  abstract copyFrom(other: Hash): void;

  /** Absorbs `len` bytes at `ptr`. */
  updatePtr(ptr: usize, len: i32): Hash {
    if (len <= 0) return this;
    this.total += <u64>len;
    const block = this.blockLength;
    const buf = changetype<usize>(this.buffer);
    let i = 0;
    if (this.buffered > 0) {
      const take = min(block - this.buffered, len);
      memory.copy(buf + this.buffered, ptr, <usize>take);
      this.buffered += take;
      i = take;
      if (this.buffered < block) return this;
      this.compress(buf);
      this.buffered = 0;
    }
    for (; i + block <= len; i += block) this.compress(ptr + i);
    if (i < len) {
      memory.copy(buf, ptr + i, <usize>(len - i));
      this.buffered = len - i;
    }
    return this;
  }

  update(data: Uint8Array): Hash {
    return this.updatePtr(data.dataStart, data.length);
  }

  /** Absorbs the UTF-8 bytes of `s` (ASCII-only strings are hashed without allocating). */
  updateString(s: string): Hash {
    const n = s.length;
    const src = changetype<usize>(s);
    let ascii = true;
    for (let i = 0; i < n; i++) if (load<u16>(src + (<usize>i << 1)) >= 128) { ascii = false; break; }
    if (!ascii) {
      const bytes = String.UTF8.encode(s);
      return this.updatePtr(changetype<usize>(bytes), bytes.byteLength);
    }
    // Narrow to bytes in 64-byte chunks through a per-hash scratch buffer.
    let i = 0;
    while (i < n) {
      const take = min(n - i, 64);
      const tmp = this.scratch();
      for (let k = 0; k < take; k++) store<u8>(tmp + k, <u8>load<u16>(src + (<usize>(i + k) << 1)));
      this.updatePtr(tmp, take);
      i += take;
    }
    return this;
  }

  private scratchBuf: StaticArray<u8> | null = null;
  private scratch(): usize {
    let s = this.scratchBuf;
    if (s === null) { s = new StaticArray<u8>(64); this.scratchBuf = s; }
    return changetype<usize>(s);
  }

  /** Pads, writes the digest to `out` (outputLength bytes), and resets. */
  finishInto(out: usize): void {
    const block = this.blockLength;
    const lenBytes = block == 64 ? 8 : 16;
    const buf = changetype<usize>(this.buffer);
    const bits = this.total << 3;
    const hiBits = this.total >> 61;
    store<u8>(buf + this.buffered, 0x80);
    this.buffered++;
    if (this.buffered > block - lenBytes) {
      memory.fill(buf + this.buffered, 0, <usize>(block - this.buffered));
      this.compress(buf);
      this.buffered = 0;
    }
    memory.fill(buf + this.buffered, 0, <usize>(block - 8 - this.buffered));
    if (lenBytes == 16) store<u64>(buf + block - 16, bswap<u64>(hiBits));
    store<u64>(buf + block - 8, bswap<u64>(bits));
    this.compress(buf);
    this.writeOutput(out);
    this.reset();
  }

  /** Finishes into a new array of outputLength bytes. */
  digest(): Uint8Array {
    const out = new Uint8Array(this.outputLength);
    this.finishInto(out.dataStart);
    return out;
  }

  protected copyBase(other: Hash): void {
    memory.copy(changetype<usize>(this.buffer), changetype<usize>(other.buffer), <usize>this.blockLength);
    this.buffered = other.buffered;
    this.total = other.total;
  }
}

export class Sha256 extends Hash {
  private h: StaticArray<u32> = new StaticArray<u32>(8);
  private w: StaticArray<u32> = new StaticArray<u32>(64);

  constructor() {
    super(HashAlg.SHA256, 32, 64);
    this.reset();
  }

  reset(): Hash {
    const h = changetype<usize>(this.h);
    store<u32>(h, 0x6a09e667); store<u32>(h, 0xbb67ae85, 4);
    store<u32>(h, 0x3c6ef372, 8); store<u32>(h, 0xa54ff53a, 12);
    store<u32>(h, 0x510e527f, 16); store<u32>(h, 0x9b05688c, 20);
    store<u32>(h, 0x1f83d9ab, 24); store<u32>(h, 0x5be0cd19, 28);
    this.buffered = 0;
    this.total = 0;
    return this;
  }

  copyFrom(other: Hash): void {
    const o = changetype<Sha256>(other);
    memory.copy(changetype<usize>(this.h), changetype<usize>(o.h), 32);
    this.copyBase(other);
  }

  protected compress(block: usize): void {
    const w = changetype<usize>(this.w);
    const k = changetype<usize>(K256);
    for (let i: usize = 0; i < 16; i++) store<u32>(w + (i << 2), bswap<u32>(load<u32>(block + (i << 2))));
    for (let i: usize = 16; i < 64; i++) {
      const w15 = load<u32>(w + ((i - 15) << 2));
      const w2 = load<u32>(w + ((i - 2) << 2));
      const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >> 3);
      const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >> 10);
      store<u32>(w + (i << 2), load<u32>(w + ((i - 16) << 2)) + s0 + load<u32>(w + ((i - 7) << 2)) + s1);
    }
    const hp = changetype<usize>(this.h);
    let a = load<u32>(hp), b = load<u32>(hp, 4), c = load<u32>(hp, 8), d = load<u32>(hp, 12);
    let e = load<u32>(hp, 16), f = load<u32>(hp, 20), g = load<u32>(hp, 24), h = load<u32>(hp, 28);
    for (let i: usize = 0; i < 64; i++) {
      const S1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = h + S1 + ch + load<u32>(k + (i << 2)) + load<u32>(w + (i << 2));
      const S0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = S0 + maj;
      h = g; g = f; f = e; e = d + t1;
      d = c; c = b; b = a; a = t1 + t2;
    }
    store<u32>(hp, load<u32>(hp) + a); store<u32>(hp, load<u32>(hp, 4) + b, 4);
    store<u32>(hp, load<u32>(hp, 8) + c, 8); store<u32>(hp, load<u32>(hp, 12) + d, 12);
    store<u32>(hp, load<u32>(hp, 16) + e, 16); store<u32>(hp, load<u32>(hp, 20) + f, 20);
    store<u32>(hp, load<u32>(hp, 24) + g, 24); store<u32>(hp, load<u32>(hp, 28) + h, 28);
  }

  protected writeOutput(out: usize): void {
    const hp = changetype<usize>(this.h);
    for (let i: usize = 0; i < 8; i++) store<u32>(out + (i << 2), bswap<u32>(load<u32>(hp + (i << 2))));
  }
}

/** SHA-512 and, with `truncated384`, SHA-384 (different IV, 48-byte output). */
export class Sha512 extends Hash {
  private h: StaticArray<u64> = new StaticArray<u64>(8);
  private w: StaticArray<u64> = new StaticArray<u64>(80);

  constructor(truncated384: bool = false) {
    super(truncated384 ? HashAlg.SHA384 : HashAlg.SHA512, truncated384 ? 48 : 64, 128);
    this.reset();
  }

  reset(): Hash {
    const h = changetype<usize>(this.h);
    if (this.alg == HashAlg.SHA384) {
      store<u64>(h, 0xcbbb9d5dc1059ed8); store<u64>(h, 0x629a292a367cd507, 8);
      store<u64>(h, 0x9159015a3070dd17, 16); store<u64>(h, 0x152fecd8f70e5939, 24);
      store<u64>(h, 0x67332667ffc00b31, 32); store<u64>(h, 0x8eb44a8768581511, 40);
      store<u64>(h, 0xdb0c2e0d64f98fa7, 48); store<u64>(h, 0x47b5481dbefa4fa4, 56);
    } else {
      store<u64>(h, 0x6a09e667f3bcc908); store<u64>(h, 0xbb67ae8584caa73b, 8);
      store<u64>(h, 0x3c6ef372fe94f82b, 16); store<u64>(h, 0xa54ff53a5f1d36f1, 24);
      store<u64>(h, 0x510e527fade682d1, 32); store<u64>(h, 0x9b05688c2b3e6c1f, 40);
      store<u64>(h, 0x1f83d9abfb41bd6b, 48); store<u64>(h, 0x5be0cd19137e2179, 56);
    }
    this.buffered = 0;
    this.total = 0;
    return this;
  }

  copyFrom(other: Hash): void {
    const o = changetype<Sha512>(other);
    memory.copy(changetype<usize>(this.h), changetype<usize>(o.h), 64);
    this.copyBase(other);
  }

  protected compress(block: usize): void {
    const w = changetype<usize>(this.w);
    const k = changetype<usize>(K512);
    for (let i: usize = 0; i < 16; i++) store<u64>(w + (i << 3), bswap<u64>(load<u64>(block + (i << 3))));
    for (let i: usize = 16; i < 80; i++) {
      const w15 = load<u64>(w + ((i - 15) << 3));
      const w2 = load<u64>(w + ((i - 2) << 3));
      const s0 = rotr<u64>(w15, 1) ^ rotr<u64>(w15, 8) ^ (w15 >> 7);
      const s1 = rotr<u64>(w2, 19) ^ rotr<u64>(w2, 61) ^ (w2 >> 6);
      store<u64>(w + (i << 3), load<u64>(w + ((i - 16) << 3)) + s0 + load<u64>(w + ((i - 7) << 3)) + s1);
    }
    const hp = changetype<usize>(this.h);
    let a = load<u64>(hp), b = load<u64>(hp, 8), c = load<u64>(hp, 16), d = load<u64>(hp, 24);
    let e = load<u64>(hp, 32), f = load<u64>(hp, 40), g = load<u64>(hp, 48), h = load<u64>(hp, 56);
    for (let i: usize = 0; i < 80; i++) {
      const S1 = rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41);
      const ch = (e & f) ^ (~e & g);
      const t1 = h + S1 + ch + load<u64>(k + (i << 3)) + load<u64>(w + (i << 3));
      const S0 = rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = S0 + maj;
      h = g; g = f; f = e; e = d + t1;
      d = c; c = b; b = a; a = t1 + t2;
    }
    store<u64>(hp, load<u64>(hp) + a); store<u64>(hp, load<u64>(hp, 8) + b, 8);
    store<u64>(hp, load<u64>(hp, 16) + c, 16); store<u64>(hp, load<u64>(hp, 24) + d, 24);
    store<u64>(hp, load<u64>(hp, 32) + e, 32); store<u64>(hp, load<u64>(hp, 40) + f, 40);
    store<u64>(hp, load<u64>(hp, 48) + g, 48); store<u64>(hp, load<u64>(hp, 56) + h, 56);
  }

  protected writeOutput(out: usize): void {
    const hp = changetype<usize>(this.h);
    const words = <usize>(this.outputLength >> 3);
    for (let i: usize = 0; i < words; i++) store<u64>(out + (i << 3), bswap<u64>(load<u64>(hp + (i << 3))));
  }
}

/** A new streaming hash for `alg`. */
export function newHash(alg: HashAlg): Hash {
  if (alg == HashAlg.SHA256) return new Sha256();
  return new Sha512(alg == HashAlg.SHA384);
}

// One hash object per algorithm for the one-shot helpers (allocated on first use).
// @ts-ignore: decorator
@lazy let shared256: Sha256 | null = null;
// @ts-ignore: decorator
@lazy let shared384: Sha512 | null = null;
// @ts-ignore: decorator
@lazy let shared512: Sha512 | null = null;

/** A shared, reset hash for `alg`; valid until the next call for the same algorithm. */
export function sharedHash(alg: HashAlg): Hash {
  if (alg == HashAlg.SHA256) {
    let h = shared256;
    if (h === null) { h = new Sha256(); shared256 = h; }
    return h.reset();
  }
  if (alg == HashAlg.SHA384) {
    let h = shared384;
    if (h === null) { h = new Sha512(true); shared384 = h; }
    return h.reset();
  }
  let h = shared512;
  if (h === null) { h = new Sha512(false); shared512 = h; }
  return h.reset();
}

/** One-shot digest of `data` with `alg`. */
export function hash(alg: HashAlg, data: Uint8Array): Uint8Array {
  return sharedHash(alg).update(data).digest();
}

export function sha256(data: Uint8Array): Uint8Array { return hash(HashAlg.SHA256, data); }
export function sha384(data: Uint8Array): Uint8Array { return hash(HashAlg.SHA384, data); }
export function sha512(data: Uint8Array): Uint8Array { return hash(HashAlg.SHA512, data); }

/**
 * HMAC with a key fixed at construction (configure time): the inner and outer pad states are
 * hashed once, so each MAC costs only the message blocks plus two finalizations.
 */
export class Hmac {
  readonly alg: HashAlg;
  readonly outputLength: i32;
  private inner: Hash;
  private outer: Hash;
  private innerStart: Hash;
  private outerStart: Hash;
  private tmp: Uint8Array;

  constructor(alg: HashAlg, key: Uint8Array) {
    this.alg = alg;
    const inner = newHash(alg);
    const outLen = inner.outputLength;
    this.outputLength = outLen;
    const block = inner.blockLength;
    let k = key;
    if (k.length > block) k = inner.update(key).digest();
    const pad = new Uint8Array(block);
    for (let i = 0; i < block; i++) pad[i] = (i < k.length ? k[i] : 0) ^ 0x36;
    const innerStart = newHash(alg);
    innerStart.update(pad);
    for (let i = 0; i < block; i++) pad[i] = (i < k.length ? k[i] : 0) ^ 0x5c;
    const outerStart = newHash(alg);
    outerStart.update(pad);
    this.innerStart = innerStart;
    this.outerStart = outerStart;
    this.inner = inner;
    this.outer = newHash(alg);
    this.tmp = new Uint8Array(outLen);
    this.begin();
  }

  /** Starts a new MAC (finish does this too). */
  begin(): Hmac {
    this.inner.copyFrom(this.innerStart);
    return this;
  }

  updatePtr(ptr: usize, len: i32): Hmac { this.inner.updatePtr(ptr, len); return this; }
  update(data: Uint8Array): Hmac { this.inner.update(data); return this; }
  updateString(s: string): Hmac { this.inner.updateString(s); return this; }

  /** Writes the tag (outputLength bytes) at `out` and begins a new MAC. */
  finishInto(out: usize): void {
    const t = this.tmp.dataStart;
    this.inner.finishInto(t);
    this.outer.copyFrom(this.outerStart);
    this.outer.updatePtr(t, this.outputLength);
    this.outer.finishInto(out);
    this.begin();
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.outputLength);
    this.finishInto(out.dataStart);
    return out;
  }

  /** The MAC of `data`. */
  mac(data: Uint8Array): Uint8Array {
    return this.begin().update(data).finish();
  }

  /**
   * True when `tag` is the MAC of `data`, compared in constant time. The tag must be the full
   * length (no truncated tags).
   */
  verify(data: Uint8Array, tag: Uint8Array): bool {
    if (tag.length != this.outputLength) return false;
    this.begin().update(data);
    return this.verifyFinish(tag);
  }

  /** Finishes the streaming MAC and compares it with `tag` in constant time. */
  verifyFinish(tag: Uint8Array): bool {
    const out = this.tmp.dataStart;
    this.finishInto(out);
    if (tag.length != this.outputLength) return false;
    let diff: u32 = 0;
    for (let i = 0; i < this.outputLength; i++) diff |= <u32>(load<u8>(out + i) ^ load<u8>(tag.dataStart + i));
    return diff == 0;
  }
}

/** One-shot HMAC. */
export function hmac(alg: HashAlg, key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Hmac(alg, key).mac(data);
}
