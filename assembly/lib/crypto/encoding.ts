// Byte encodings for authentication: base64url (JWS segments), base64 (Basic auth, PEM), hex,
// and constant-time comparison. Every decoder is strict and returns null on bad input instead
// of trapping: the input is attacker-controlled.
//   base64url: alphabet A–Z a–z 0–9 - _, no padding (RFC 7515 §2), length % 4 != 1, and the
//              unused low bits of the last character must be zero (one canonical encoding per
//              byte string, so a token cannot be re-encoded into a different accepted string).
//   base64:    alphabet A–Z a–z 0–9 + /, '=' padding to a multiple of 4 (or none when
//              `padding` is false, then no '=' at all), canonical trailing bits.
//   hex:       even length, 0–9 a–f A–F.

// Decoding table: 0..63 for the 64 characters of either alphabet, 64 for '=', 255 otherwise.
// Built once; indices are char codes < 128.
// @ts-ignore: decorator
@lazy const B64_STD = buildTable(43, 47);
// @ts-ignore: decorator
@lazy const B64_URL = buildTable(45, 95);

function buildTable(c62: i32, c63: i32): StaticArray<u8> {
  const t = new StaticArray<u8>(128);
  for (let i = 0; i < 128; i++) unchecked(t[i] = 255);
  for (let i = 0; i < 26; i++) {
    unchecked(t[65 + i] = <u8>i);
    unchecked(t[97 + i] = <u8>(26 + i));
  }
  for (let i = 0; i < 10; i++) unchecked(t[48 + i] = <u8>(52 + i));
  unchecked(t[c62] = 62);
  unchecked(t[c63] = 63);
  return t;
}

const STD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Decodes `len` characters of `s` from `start` (no '=' among them) with `table`; null if invalid. */
function decodeUnpadded(s: string, start: i32, len: i32, table: StaticArray<u8>): Uint8Array | null {
  const rem = len & 3;
  if (rem == 1) return null;
  const outLen = (len >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
  const out = new Uint8Array(outLen);
  const dst = out.dataStart;
  const src = changetype<usize>(s) + (<usize>start << 1);
  let o: usize = 0;
  let acc: u32 = 0;
  let bits: u32 = 0;
  for (let i = 0; i < len; i++) {
    const c = <u32>load<u16>(src + (<usize>i << 1));
    if (c >= 128) return null;
    const v = <u32>unchecked(table[c]);
    if (v >= 64) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(dst + o, <u8>(acc >> bits));
      o++;
      acc &= (1 << bits) - 1;
    }
  }
  // Leftover bits (2 or 4) must be zero for a canonical encoding.
  if (acc != 0) return null;
  return out;
}

/** Strict base64url without padding (JWS). Null on any invalid character, '=', bad length or non-zero trailing bits. */
export function base64urlDecode(s: string): Uint8Array | null {
  return decodeUnpadded(s, 0, s.length, B64_URL);
}

/**
 * Strict standard base64. With `padding` (default) the length must be a multiple of 4 with at
 * most two trailing '='; without, no '=' may appear. Trailing bits must be zero.
 */
export function base64Decode(s: string, padding: bool = true): Uint8Array | null {
  let len = s.length;
  if (padding) {
    if ((len & 3) != 0) return null;
    if (len > 0 && s.charCodeAt(len - 1) == 61) {
      len--;
      if (s.charCodeAt(len - 1) == 61) len--;
    }
  }
  return decodeUnpadded(s, 0, len, B64_STD);
}

function encode(bytes: Uint8Array, chars: string, pad: bool): string {
  const n = bytes.length;
  const full = n / 3;
  const rem = n - full * 3;
  const outLen = full * 4 + (rem == 0 ? 0 : (pad ? 4 : rem + 1));
  const out = changetype<string>(__new(<usize>outLen << 1, idof<string>()));
  const dst = changetype<usize>(out);
  const alpha = changetype<usize>(chars);
  const src = bytes.dataStart;
  let o: usize = 0;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (<u32>load<u8>(src + i) << 16) | (<u32>load<u8>(src + i + 1) << 8) | <u32>load<u8>(src + i + 2);
    store<u16>(dst + o, load<u16>(alpha + ((v >> 18) << 1)));
    store<u16>(dst + o + 2, load<u16>(alpha + (((v >> 12) & 63) << 1)));
    store<u16>(dst + o + 4, load<u16>(alpha + (((v >> 6) & 63) << 1)));
    store<u16>(dst + o + 6, load<u16>(alpha + ((v & 63) << 1)));
    o += 8;
  }
  if (rem > 0) {
    let v = <u32>load<u8>(src + i) << 16;
    if (rem == 2) v |= <u32>load<u8>(src + i + 1) << 8;
    store<u16>(dst + o, load<u16>(alpha + ((v >> 18) << 1)));
    store<u16>(dst + o + 2, load<u16>(alpha + (((v >> 12) & 63) << 1)));
    o += 4;
    if (rem == 2) {
      store<u16>(dst + o, load<u16>(alpha + (((v >> 6) & 63) << 1)));
      o += 2;
    } else if (pad) {
      store<u16>(dst + o, 61);
      o += 2;
    }
    if (pad) store<u16>(dst + o, 61);
  }
  return out;
}

/** base64url without padding. */
export function base64urlEncode(bytes: Uint8Array): string {
  return encode(bytes, URL_CHARS, false);
}

/** Standard base64, padded with '=' unless `padding` is false. */
export function base64Encode(bytes: Uint8Array, padding: bool = true): string {
  return encode(bytes, STD_CHARS, padding);
}

const HEX = "0123456789abcdef";

/** Lower-case hex. */
export function hexEncode(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = changetype<string>(__new(<usize>n << 2, idof<string>()));
  const dst = changetype<usize>(out);
  const alpha = changetype<usize>(HEX);
  const src = bytes.dataStart;
  for (let i = 0; i < n; i++) {
    const b = <u32>load<u8>(src + i);
    store<u16>(dst + (<usize>i << 2), load<u16>(alpha + ((b >> 4) << 1)));
    store<u16>(dst + (<usize>i << 2) + 2, load<u16>(alpha + ((b & 15) << 1)));
  }
  return out;
}

function hexNibble(c: u32): i32 {
  if (c >= 48 && c <= 57) return <i32>(c - 48);
  c |= 32;
  if (c >= 97 && c <= 102) return <i32>(c - 87);
  return -1;
}

/** Hex (either case) to bytes; null on odd length or a non-hex character. */
export function hexDecode(s: string): Uint8Array | null {
  const len = s.length;
  if ((len & 1) != 0) return null;
  const out = new Uint8Array(len >> 1);
  const src = changetype<usize>(s);
  const dst = out.dataStart;
  for (let i = 0; i < (len >> 1); i++) {
    const hi = hexNibble(<u32>load<u16>(src + (<usize>i << 2)));
    const lo = hexNibble(<u32>load<u16>(src + (<usize>i << 2) + 2));
    if ((hi | lo) < 0) return null;
    store<u8>(dst + i, <u8>((hi << 4) | lo));
  }
  return out;
}

/**
 * Constant-time equality of two byte arrays: the time depends only on the lengths (which are
 * not secret: a MAC's length is public). False when the lengths differ.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): bool {
  if (a.length != b.length) return false;
  return timingSafeEqualPtr(a.dataStart, b.dataStart, a.length);
}

/** Constant-time equality of `len` bytes at `a` and `b`. */
export function timingSafeEqualPtr(a: usize, b: usize, len: i32): bool {
  let diff: u32 = 0;
  let i = 0;
  for (; i + 8 <= len; i += 8) {
    const x = load<u64>(a + i) ^ load<u64>(b + i);
    diff |= <u32>(x | (x >> 32));
  }
  for (; i < len; i++) diff |= <u32>(load<u8>(a + i) ^ load<u8>(b + i));
  return diff == 0;
}

/** Bytes of a string's UTF-8 encoding, as a Uint8Array (for hashing text). */
export function utf8Bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

/** A copy of `len` bytes at `ptr` as a new Uint8Array. */
export function bytesAt(ptr: usize, len: i32): Uint8Array {
  const out = new Uint8Array(len);
  memory.copy(out.dataStart, ptr, <usize>len);
  return out;
}
