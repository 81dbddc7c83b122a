// Montgomery arithmetic modulo an odd modulus, over little-endian u32 limbs with u64 products
// (wasm32 has no 64×64→128 multiply, so 32-bit limbs are the widest that keep each partial
// product in one i64). Used for RSA (n of 1024..8192 bits) and for the prime fields and group
// orders of P-256, P-384 and Ed25519.
//
// Numbers are `limbs` u32 words at a pointer (usually a StaticArray<u32>'s data). Operations
// take pointers so inner loops neither allocate nor bounds-check; all lengths are fixed by the
// Mont instance, checked at creation. NOT constant time: it serves signature *verification*,
// where every input (key, signature, message) is public.

/** Bytes → limbs: `len` big-endian bytes at `src` into `limbs` words at `dst` (zero-extended). Caller ensures len <= 4*limbs. */
export function limbsFromBytes(dst: usize, limbs: i32, src: usize, len: i32): void {
  memory.fill(dst, 0, <usize>limbs << 2);
  for (let i = 0; i < len; i++) {
    const byte = <u32>load<u8>(src + <usize>(len - 1 - i));
    const w = dst + (<usize>(i >> 2) << 2);
    store<u32>(w, load<u32>(w) | (byte << ((<u32>i & 3) << 3)));
  }
}

/** Limbs → bytes: the low `len` bytes of the number, big-endian, at `dst`. */
export function limbsToBytes(dst: usize, len: i32, src: usize, limbs: i32): void {
  for (let i = 0; i < len; i++) {
    const li = i >> 2;
    const byte = li < limbs ? <u8>(load<u32>(src + (<usize>li << 2)) >> ((<u32>i & 3) << 3)) : <u8>0;
    store<u8>(dst + <usize>(len - 1 - i), byte);
  }
}

/** Compares two numbers of `limbs` words: -1, 0, 1. */
export function limbsCmp(a: usize, b: usize, limbs: i32): i32 {
  for (let i = limbs - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

export function limbsIsZero(a: usize, limbs: i32): bool {
  let acc: u32 = 0;
  for (let i = 0; i < limbs; i++) acc |= load<u32>(a + (<usize>i << 2));
  return acc == 0;
}

/** out = a - b over `limbs` words; returns the borrow (1 if a < b). out may alias a or b. */
export function limbsSub(out: usize, a: usize, b: usize, limbs: i32): u32 {
  let borrow: i64 = 0;
  for (let i = 0; i < limbs; i++) {
    const off = <usize>i << 2;
    const d = <i64>load<u32>(a + off) - <i64>load<u32>(b + off) + borrow;
    store<u32>(out + off, <u32>d);
    borrow = d >> 32; // 0 or -1
  }
  return <u32>(-borrow);
}

/** out = a + b over `limbs` words; returns the carry. out may alias a or b. */
export function limbsAdd(out: usize, a: usize, b: usize, limbs: i32): u32 {
  let carry: u64 = 0;
  for (let i = 0; i < limbs; i++) {
    const off = <usize>i << 2;
    const s = <u64>load<u32>(a + off) + <u64>load<u32>(b + off) + carry;
    store<u32>(out + off, <u32>s);
    carry = s >> 32;
  }
  return <u32>carry;
}

/** Bit length of a number of `limbs` words (0 for zero). */
export function limbsBitLength(a: usize, limbs: i32): i32 {
  for (let i = limbs - 1; i >= 0; i--) {
    const w = load<u32>(a + (<usize>i << 2));
    if (w != 0) return i * 32 + 32 - <i32>clz<u32>(w);
  }
  return 0;
}

export function limbsBit(a: usize, bit: i32): u32 {
  return (load<u32>(a + (<usize>(bit >> 5) << 2)) >> (<u32>bit & 31)) & 1;
}

/** x = 2x mod n in place (x < n). */
function modDouble(x: usize, n: usize, limbs: i32): void {
  const carry = limbsAdd(x, x, x, limbs);
  if (carry != 0 || limbsCmp(x, n, limbs) >= 0) limbsSub(x, x, n, limbs);
}

/** A modulus prepared for Montgomery multiplication (R = 2^(32·limbs)). */
export class Mont {
  readonly limbs: i32;
  readonly bits: i32;
  /** Byte length of the modulus (RSA's k). */
  readonly byteLength: i32;
  readonly n: StaticArray<u32>;
  /** -n⁻¹ mod 2³². */
  readonly n0: u32;
  /** R² mod n: toMont(x) = mul(x, R²). */
  readonly r2: StaticArray<u32>;
  /** R mod n: 1 in Montgomery form. */
  readonly one: StaticArray<u32>;
  private t: StaticArray<u32>;
  private wide: StaticArray<u32>;
  private unit: StaticArray<u32>;

  /** Prepares an odd modulus given as `limbs` words at `n` (its top limb non-zero). Caller checks oddness and size. */
  constructor(n: usize, limbs: i32) {
    this.limbs = limbs;
    const m = new StaticArray<u32>(limbs);
    memory.copy(changetype<usize>(m), n, <usize>limbs << 2);
    this.n = m;
    const bits = limbsBitLength(n, limbs);
    this.bits = bits;
    this.byteLength = (bits + 7) >> 3;
    const n0 = load<u32>(n);
    let x = n0; // n0·n0 ≡ 1 (mod 8): 3 correct bits, doubled per Newton step
    for (let i = 0; i < 5; i++) x *= 2 - n0 * x;
    this.n0 = -x;
    this.t = new StaticArray<u32>(limbs + 2);
    this.wide = new StaticArray<u32>(2 * limbs + 1);
    const unit = new StaticArray<u32>(limbs);
    unchecked(unit[0] = 1);
    this.unit = unit;
    // R mod n and R² mod n by modular doubling of 1.
    const r = new StaticArray<u32>(limbs);
    unchecked(r[0] = 1);
    const rp = changetype<usize>(r);
    const np = changetype<usize>(m);
    for (let i = 0; i < 32 * limbs; i++) modDouble(rp, np, limbs);
    const one = new StaticArray<u32>(limbs);
    memory.copy(changetype<usize>(one), rp, <usize>limbs << 2);
    this.one = one;
    for (let i = 0; i < 32 * limbs; i++) modDouble(rp, np, limbs);
    this.r2 = r;
  }

  /** A Mont for an odd modulus given big-endian (leading zero bytes allowed); null if even, zero or one, or wider than maxLimbs. */
  static fromBytes(ptr: usize, len: i32, maxLimbs: i32): Mont | null {
    while (len > 0 && load<u8>(ptr) == 0) { ptr++; len--; }
    if (len == 0 || len > maxLimbs * 4) return null;
    if ((load<u8>(ptr + <usize>(len - 1)) & 1) == 0) return null;
    if (len == 1 && load<u8>(ptr) == 1) return null;
    const limbs = (len + 3) >> 2;
    const tmp = new StaticArray<u32>(limbs);
    limbsFromBytes(changetype<usize>(tmp), limbs, ptr, len);
    return new Mont(changetype<usize>(tmp), limbs);
  }

  /** A new zeroed number of this modulus's width. */
  alloc(): StaticArray<u32> {
    return new StaticArray<u32>(this.limbs);
  }

  /** out = a·b·R⁻¹ mod n (CIOS with the two inner loops fused). Inputs < n; out may alias a or b. */
  mul(out: usize, a: usize, b: usize): void {
    const s = this.limbs;
    const np = changetype<usize>(this.n);
    const t = changetype<usize>(this.t);
    const n0 = this.n0;
    memory.fill(t, 0, <usize>(s + 1) << 2);
    const n0w = <u64>load<u32>(np);
    const a0 = <u64>load<u32>(a);
    const ts = t + (<usize>s << 2);
    for (let i = 0; i < s; i++) {
      const bi = <u64>load<u32>(b + (<usize>i << 2));
      let x = <u64>load<u32>(t) + a0 * bi;
      let c1 = x >> 32;
      const lo = <u32>x;
      const m = <u64>(lo * n0);
      let y = <u64>lo + m * n0w;
      let c2 = y >> 32;
      for (let j: usize = 4; j < (<usize>s << 2); j += 4) {
        x = <u64>load<u32>(t + j) + <u64>load<u32>(a + j) * bi + c1;
        c1 = x >> 32;
        y = (x & 0xFFFFFFFF) + m * <u64>load<u32>(np + j) + c2;
        c2 = y >> 32;
        store<u32>(t + j - 4, <u32>y);
      }
      x = <u64>load<u32>(ts) + c1 + c2;
      store<u32>(ts - 4, <u32>x);
      store<u32>(ts, <u32>(x >> 32));
    }
    // t < 2n: subtract n once if t >= n.
    if (load<u32>(ts) != 0 || limbsCmp(t, np, s) >= 0) limbsSub(out, t, np, s);
    else memory.copy(out, t, <usize>s << 2);
  }

  /**
   * out = a²·R⁻¹ mod n: the full square (each cross product once, then doubled) followed by a
   * separate Montgomery reduction, about 1.5·s² multiplications instead of CIOS's 2·s².
   */
  sqr(out: usize, a: usize): void {
    const s = this.limbs;
    const w = changetype<usize>(this.wide);
    const np = changetype<usize>(this.n);
    const s4 = <usize>s << 2;
    memory.fill(w, 0, (s4 << 1) + 4);
    // Cross products a[i]·a[j], i < j.
    for (let i: usize = 0; i + 1 < <usize>s; i++) {
      const ai = <u64>load<u32>(a + (i << 2));
      let c: u64 = 0;
      const row = w + (i << 2); // limb i + j, j from i + 1
      for (let j: usize = (i + 1) << 2; j < s4; j += 4) {
        const x = <u64>load<u32>(row + j) + ai * <u64>load<u32>(a + j) + c;
        store<u32>(row + j, <u32>x);
        c = x >> 32;
      }
      store<u32>(row + s4, <u32>c);
    }
    // Double, and add the squares a[i]².
    let carry: u64 = 0;
    let prevTop: u32 = 0;
    for (let i: usize = 0; i < <usize>s; i++) {
      const ai = <u64>load<u32>(a + (i << 2));
      const sq = ai * ai;
      const lo = load<u32>(w + (i << 3));
      const hi = load<u32>(w + (i << 3) + 4);
      let x = <u64>((lo << 1) | prevTop) + (sq & 0xFFFFFFFF) + carry;
      store<u32>(w + (i << 3), <u32>x);
      carry = x >> 32;
      x = <u64>((hi << 1) | (lo >> 31)) + (sq >> 32) + carry;
      store<u32>(w + (i << 3) + 4, <u32>x);
      carry = x >> 32;
      prevTop = hi >> 31;
    }
    // Montgomery reduction of the 2s-limb square.
    const n0 = this.n0;
    let over: u64 = 0;
    for (let i: usize = 0; i < <usize>s; i++) {
      const row = w + (i << 2);
      const low: u32 = load<u32>(row); // a u32 local: load<u32> in a u64 context would load 64-bit-wide
      const m = <u64>(low * n0);
      let c: u64 = 0;
      for (let j: usize = 0; j < s4; j += 4) {
        const x = <u64>load<u32>(row + j) + m * <u64>load<u32>(np + j) + c;
        store<u32>(row + j, <u32>x);
        c = x >> 32;
      }
      const x = <u64>load<u32>(row + s4) + c + over;
      store<u32>(row + s4, <u32>x);
      over = x >> 32;
    }
    const res = w + s4;
    if (over != 0 || limbsCmp(res, np, s) >= 0) limbsSub(out, res, np, s);
    else memory.copy(out, res, s4);
  }

  toMont(out: usize, a: usize): void {
    this.mul(out, a, changetype<usize>(this.r2));
  }

  fromMont(out: usize, a: usize): void {
    this.mul(out, a, changetype<usize>(this.unit));
  }

  /** out = a + b mod n (a, b < n). */
  add(out: usize, a: usize, b: usize): void {
    const s = this.limbs;
    const np = changetype<usize>(this.n);
    const carry = limbsAdd(out, a, b, s);
    if (carry != 0 || limbsCmp(out, np, s) >= 0) limbsSub(out, out, np, s);
  }

  /** out = a - b mod n (a, b < n). */
  sub(out: usize, a: usize, b: usize): void {
    const s = this.limbs;
    if (limbsSub(out, a, b, s) != 0) limbsAdd(out, out, changetype<usize>(this.n), s);
  }

  /** out = -a mod n. */
  neg(out: usize, a: usize): void {
    const s = this.limbs;
    if (limbsIsZero(a, s)) { memory.fill(out, 0, <usize>s << 2); return; }
    limbsSub(out, changetype<usize>(this.n), a, s);
  }

  copy(out: usize, a: usize): void {
    memory.copy(out, a, <usize>this.limbs << 2);
  }

  isZero(a: usize): bool {
    return limbsIsZero(a, this.limbs);
  }

  eq(a: usize, b: usize): bool {
    return limbsCmp(a, b, this.limbs) == 0;
  }

  /** a < n. */
  isReduced(a: usize): bool {
    return limbsCmp(a, changetype<usize>(this.n), this.limbs) < 0;
  }

  /**
   * Reads `len` big-endian bytes into `out`; false if they do not fit or the value is >= n.
   * Leading zero bytes are allowed.
   */
  readBytes(out: usize, src: usize, len: i32): bool {
    while (len > 0 && load<u8>(src) == 0) { src++; len--; }
    if (len > this.limbs * 4) return false;
    limbsFromBytes(out, this.limbs, src, len);
    return this.isReduced(out);
  }

  /** out = base^e in Montgomery form, base in Montgomery form, e a small public exponent (u64). out must not alias base. */
  powSmall(out: usize, base: usize, e: u64): void {
    this.copy(out, changetype<usize>(this.one));
    if (e == 0) return;
    const top = 63 - <i32>clz<u64>(e);
    this.copy(out, base);
    for (let i = top - 1; i >= 0; i--) {
      this.sqr(out, out);
      if (((e >> <u64>i) & 1) != 0) this.mul(out, out, base);
    }
  }

  /**
   * out = base^exp (Montgomery form in and out) for an exponent of `expLimbs` words at `exp`
   * (4-bit fixed window; allocates a 16-entry table once per instance).
   */
  pow(out: usize, base: usize, exp: usize, expLimbs: i32): void {
    const s = this.limbs;
    const table = this.powTable();
    const tp = changetype<usize>(table);
    const stride = <usize>s << 2;
    this.copy(tp, changetype<usize>(this.one));
    this.copy(tp + stride, base);
    for (let i: usize = 2; i < 16; i++) this.mul(tp + i * stride, tp + (i - 1) * stride, base);
    this.copy(out, changetype<usize>(this.one));
    const bits = limbsBitLength(exp, expLimbs);
    let pos = (bits + 3) & ~3;
    let started = false;
    while (pos > 0) {
      pos -= 4;
      if (started) {
        this.sqr(out, out); this.sqr(out, out);
        this.sqr(out, out); this.sqr(out, out);
      }
      const nib = (load<u32>(exp + (<usize>(pos >> 5) << 2)) >> (<u32>pos & 31)) & 15;
      if (nib != 0) {
        this.mul(out, out, tp + <usize>nib * stride);
        started = true;
      }
    }
  }

  private table: StaticArray<u32> | null = null;
  private powTable(): StaticArray<u32> {
    let t = this.table;
    if (t === null) { t = new StaticArray<u32>(16 * this.limbs); this.table = t; }
    return t;
  }

  /** out = a⁻¹ in Montgomery form (a in Montgomery form, n prime) by Fermat: a^(n-2). a = 0 gives 0. */
  invPrime(out: usize, a: usize): void {
    const s = this.limbs;
    const e = this.nMinus2();
    this.pow(out, a, changetype<usize>(e), s);
  }

  private nm2: StaticArray<u32> | null = null;
  private nMinus2(): StaticArray<u32> {
    let e = this.nm2;
    if (e === null) {
      e = new StaticArray<u32>(this.limbs);
      const two = new StaticArray<u32>(this.limbs);
      unchecked(two[0] = 2);
      limbsSub(changetype<usize>(e), changetype<usize>(this.n), changetype<usize>(two), this.limbs);
      this.nm2 = e;
    }
    return e;
  }
}
