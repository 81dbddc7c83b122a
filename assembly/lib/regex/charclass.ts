// Character classes as sorted, merged, inclusive UTF-16 code-unit ranges with an ASCII bitmap
// for the common case. A class is always stored positively: negation ([^…], \D, \W, \S) is
// resolved at parse time by complementing the ranges, so matching is one lookup.

/** A set of UTF-16 code units. */
export class CharClass {
  /** Bits 0–63 and 64–127 of the ASCII part. */
  lo: u64 = 0;
  hi: u64 = 0;
  /** Sorted, merged, inclusive ranges [from0, to0, from1, to1, …] over 0..0xFFFF. */
  ranges: StaticArray<i32> = new StaticArray<i32>(0);

  /** True if code unit `c` is in the set. */
  @inline matches(c: i32): bool {
    if (c < 64) return ((this.lo >> <u64>c) & 1) != 0;
    if (c < 128) return ((this.hi >> <u64>(c - 64)) & 1) != 0;
    const r = this.ranges;
    // Binary search over range pairs.
    let a = 0, b = (r.length >> 1) - 1;
    while (a <= b) {
      const m = (a + b) >>> 1;
      if (c < unchecked(r[m << 1])) b = m - 1;
      else if (c > unchecked(r[(m << 1) + 1])) a = m + 1;
      else return true;
    }
    return false;
  }
}

/** Collects ranges while parsing a class, then freezes them into a CharClass. */
export class ClassBuilder {
  items: Array<i32> = [];

  add(from: i32, to: i32): void { this.items.push(from); this.items.push(to); }
  addChar(c: i32): void { this.add(c, c); }
  addAll(other: Array<i32>): void { for (let i = 0; i < other.length; i++) this.items.push(other[i]); }

  /** Sorted, merged ranges of what was added. */
  normalized(): Array<i32> {
    // Insertion sort of the (from, to) pairs by `from`: classes are small.
    const r = this.items.slice(0);
    const n = r.length >> 1;
    for (let i = 1; i < n; i++) {
      const f = r[i << 1], t = r[(i << 1) + 1];
      let j = i - 1;
      while (j >= 0 && r[j << 1] > f) { r[(j + 1) << 1] = r[j << 1]; r[((j + 1) << 1) + 1] = r[(j << 1) + 1]; j--; }
      r[(j + 1) << 1] = f; r[((j + 1) << 1) + 1] = t;
    }
    const out = new Array<i32>();
    for (let k = 0; k < n; k++) {
      const from = r[k << 1], to = r[(k << 1) + 1];
      const last = out.length;
      if (last > 0 && from <= out[last - 1] + 1) {
        if (to > out[last - 1]) out[last - 1] = to;
      } else { out.push(from); out.push(to); }
    }
    return out;
  }

  build(negate: bool): CharClass {
    let r = this.normalized();
    if (negate) r = complement(r);
    const cls = new CharClass();
    const ranges = new StaticArray<i32>(r.length);
    for (let i = 0; i < r.length; i += 2) {
      ranges[i] = r[i];
      ranges[i + 1] = r[i + 1];
      for (let c = r[i]; c <= r[i + 1] && c < 128; c++) {
        if (c < 64) cls.lo |= (<u64>1) << <u64>c;
        else cls.hi |= (<u64>1) << <u64>(c - 64);
      }
    }
    cls.ranges = ranges;
    return cls;
  }
}

/** The complement of sorted, merged ranges within 0..0xFFFF. */
export function complement(r: Array<i32>): Array<i32> {
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) { out.push(next); out.push(r[i] - 1); }
    next = r[i + 1] + 1;
  }
  if (next <= 0xFFFF) { out.push(next); out.push(0xFFFF); }
  return out;
}

/** \d */
export function digitRanges(): Array<i32> { return [0x30, 0x39]; }
/** \w */
export function wordRanges(): Array<i32> { return [0x30, 0x39, 0x41, 0x5A, 0x5F, 0x5F, 0x61, 0x7A]; }
/** \s: JavaScript's WhiteSpace and LineTerminator set. */
export function spaceRanges(): Array<i32> {
  return [0x09, 0x0D, 0x20, 0x20, 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF];
}

/** Ranges of \d \D \w \W \s \S for the escape letter `c`, or null. */
export function shorthandRanges(c: i32): Array<i32> | null {
  switch (c) {
    case 0x64: return digitRanges();               // d
    case 0x44: return complement(digitRanges());   // D
    case 0x77: return wordRanges();                // w
    case 0x57: return complement(wordRanges());    // W
    case 0x73: return spaceRanges();               // s
    case 0x53: return complement(spaceRanges());   // S
  }
  return null;
}

/** A JavaScript line terminator (what `.` does not match). */
@inline export function isLineTerminator(c: i32): bool {
  return c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029;
}

/** A \w character (for \b). */
@inline export function isWordChar(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || (c >= 0x61 && c <= 0x7A);
}
