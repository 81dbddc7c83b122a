// One strict DER (ITU-T X.690 distinguished encoding) reader for everything the library parses:
// SubjectPublicKeyInfo and PKCS#1 keys (keys.ts) and ECDSA signatures (ec.ts). The input is
// attacker-controlled (a signature from a request, a key from a JWKS fetch), so every length is
// checked against the end of the enclosing value before anything is read, and nothing traps.
//
// Accepted: single-byte tags; definite lengths in minimal form only: short form (< 0x80), or
// long form of at most MAX_LENGTH_BYTES bytes (0x81 nn with nn ≥ 0x80, 0x82 nnnn with
// nnnn ≥ 0x100). Refused: the indefinite form (0x80), longer length forms (a 3-byte length
// would already be 16 MiB, more than any key or signature here), non-minimal lengths, and any
// value that runs past the end of its parent.
import { timingSafeEqualPtr } from "./encoding";

/** Most bytes a long-form length may have: 2, i.e. values of up to 65535 bytes. */
export const MAX_LENGTH_BYTES: i32 = 2;

/** A cursor over the DER values in data[pos, end); `read` steps over one TLV at a time. */
export class DerReader {
  /** Offset of the next TLV. */
  pos: i32;
  /** Offset just past the last byte this reader may read (≤ data.length). */
  end: i32;
  /** Value offset of the last TLV read. */
  start: i32 = 0;
  /** Value length of the last TLV read. */
  len: i32 = 0;

  /** A reader over data[from, to); bounds are clamped to the buffer. */
  constructor(public data: Uint8Array, from: i32 = 0, to: i32 = -1) {
    const n = data.length;
    this.end = to < 0 || to > n ? n : to;
    this.pos = from < 0 ? 0 : from > this.end ? this.end : from;
  }

  /**
   * Reads one TLV with tag `tag` at `pos`: on success sets `start`/`len` to its value, moves past
   * it and returns true; returns false (and moves nothing) if the tag differs, the length is not
   * a minimal definite DER length, or the value runs past `end`.
   */
  read(tag: u8): bool {
    const d = this.data;
    let p = this.pos;
    if (p + 2 > this.end || d[p] != tag) return false;
    let l = <i32>d[p + 1];
    p += 2;
    if (l >= 0x80) {
      const nb = l & 0x7f;
      if (nb == 0 || nb > MAX_LENGTH_BYTES || p + nb > this.end) return false;
      l = 0;
      for (let i = 0; i < nb; i++) l = (l << 8) | <i32>d[p + i];
      p += nb;
      if (l < 0x80 || (nb == 2 && l < 0x100)) return false; // not minimal
    }
    if (l > this.end - p) return false;
    this.start = p;
    this.len = l;
    this.pos = p + l;
    return true;
  }

  /** A reader over the value of the last TLV read (e.g. the members of a SEQUENCE). */
  sub(): DerReader {
    return new DerReader(this.data, this.start, this.start + this.len);
  }

  /**
   * Reads a non-negative INTEGER in minimal form and returns its magnitude without the sign
   * byte (empty for zero); null if absent, empty, negative or not minimally encoded.
   */
  unsignedInteger(): Uint8Array | null {
    if (!this.read(0x02) || this.len == 0) return null;
    const d = this.data;
    let s = this.start;
    if ((d[s] & 0x80) != 0) return null; // negative
    if (d[s] == 0 && this.len > 1) {
      if ((d[s + 1] & 0x80) == 0) return null; // a leading zero that is not a sign byte
      s++;
    } else if (d[s] == 0) {
      s++; // zero
    }
    return d.subarray(s, this.start + this.len);
  }

  /** True if the value of the last TLV read equals `bytes` (e.g. an OID). */
  valueEquals(bytes: StaticArray<u8>): bool {
    if (this.len != bytes.length) return false;
    return timingSafeEqualPtr(this.data.dataStart + <usize>this.start, changetype<usize>(bytes), this.len);
  }

  /** The value of the last TLV read (a view, not a copy). */
  value(): Uint8Array { return this.data.subarray(this.start, this.start + this.len); }

  /** True when every byte up to `end` has been read. */
  get done(): bool { return this.pos == this.end; }
}
