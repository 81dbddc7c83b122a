// Building strings in linear time and memory. With the SDK's `minimal` runtime nothing is
// collected inside a callback, so `out += piece` in a loop keeps every intermediate string:
// n appends of a growing result cost O(n²) bytes and a large header can exhaust the VM. And
// `Array<string>#join` is no way out: with shrinkLevel ≥ 1 (the release build) AssemblyScript
// joins by repeated concatenation too. StringBuilder appends into one buffer that doubles when
// full (at most twice the result in garbage) and copies once at the end; joinStrings measures
// first and copies once.

/** An append-only UTF-16 buffer; `toString()` returns the text built so far. */
export class StringBuilder {
  private buf: ArrayBuffer;
  private len: i32 = 0;

  /** `capacity`: code units to reserve up front (the expected result length, if known). */
  constructor(capacity: i32 = 32) {
    this.buf = new ArrayBuffer((capacity > 8 ? capacity : 8) << 1);
  }

  /** Code units appended so far. */
  get length(): i32 { return this.len; }

  /** Makes room for `extra` more code units. */
  reserve(extra: i32): void {
    const need = this.len + extra;
    const cap = this.buf.byteLength >> 1;
    if (need <= cap) return;
    let next = cap << 1;
    if (next < need) next = need;
    const grown = new ArrayBuffer(next << 1);
    memory.copy(changetype<usize>(grown), changetype<usize>(this.buf), <usize>this.len << 1);
    this.buf = grown;
  }

  /** Appends all of `s`. */
  append(s: string): StringBuilder {
    return this.appendRange(s, 0, s.length);
  }

  /** Appends `s.substring(start, end)` without making the substring. */
  appendRange(s: string, start: i32, end: i32): StringBuilder {
    if (start < 0) start = 0;
    if (end > s.length) end = s.length;
    const n = end - start;
    if (n <= 0) return this;
    this.reserve(n);
    memory.copy(changetype<usize>(this.buf) + (<usize>this.len << 1), changetype<usize>(s) + (<usize>start << 1), <usize>n << 1);
    this.len += n;
    return this;
  }

  /** Appends one UTF-16 code unit. */
  appendCode(c: i32): StringBuilder {
    this.reserve(1);
    store<u16>(changetype<usize>(this.buf) + (<usize>this.len << 1), <u16>c);
    this.len++;
    return this;
  }

  /** Forgets the text (keeps the buffer). */
  clear(): void { this.len = 0; }

  /** The text built so far (one copy). */
  toString(): string {
    const out = changetype<string>(__new(<usize>this.len << 1, idof<string>()));
    memory.copy(changetype<usize>(out), changetype<usize>(this.buf), <usize>this.len << 1);
    return out;
  }
}

/** `parts` joined with `separator`, in one allocation whatever the build's shrink level. */
export function joinStrings(parts: Array<string>, separator: string): string {
  const n = parts.length;
  if (n == 0) return "";
  if (n == 1) return unchecked(parts[0]);
  let total = separator.length * (n - 1);
  for (let i = 0; i < n; i++) total += unchecked(parts[i]).length;
  const out = changetype<string>(__new(<usize>total << 1, idof<string>()));
  let at = changetype<usize>(out);
  const sepBytes = <usize>separator.length << 1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sepBytes) { memory.copy(at, changetype<usize>(separator), sepBytes); at += sepBytes; }
    const p = unchecked(parts[i]);
    const bytes = <usize>p.length << 1;
    memory.copy(at, changetype<usize>(p), bytes);
    at += bytes;
  }
  return out;
}
