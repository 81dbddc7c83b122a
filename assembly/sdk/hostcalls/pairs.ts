// The header-map wire format (docs/abi.md §4.1): u32 count, then (key_len, value_len) pairs of
// u32, then each key and value followed by a NUL. Used for header maps, local-reply headers,
// callout headers and trailers, and gRPC metadata.

/** One header (or metadata entry). Names from Envoy are lower-case. */
export class HeaderPair {
  constructor(public name: string, public value: string) {}
}

/** Decodes a host-written map. A malformed map decodes as empty, as in Envoy. */
export function decodePairs(buf: ArrayBuffer): Array<HeaderPair> {
  const out = new Array<HeaderPair>();
  const size = <usize>buf.byteLength;
  if (size < 4) return out;
  const base = changetype<usize>(buf);
  const count = <usize>load<u32>(base);
  if (count > (size - 4) / 8) return out; // also guards count * 8 against overflow
  let data: usize = 4 + count * 8;
  for (let i: usize = 0; i < count; i++) {
    const keyLen = <usize>load<u32>(base + 4 + i * 8);
    const valueLen = <usize>load<u32>(base + 8 + i * 8);
    if (data + keyLen + valueLen + 2 > size) return new Array<HeaderPair>();
    const name = String.UTF8.decodeUnsafe(base + data, keyLen, false);
    data += keyLen + 1;
    const value = String.UTF8.decodeUnsafe(base + data, valueLen, false);
    data += valueLen + 1;
    out.push(new HeaderPair(name, value));
  }
  return out;
}

/** Encodes pairs in the host's map format. */
export function encodePairs(pairs: Array<HeaderPair>): ArrayBuffer {
  const count = pairs.length;
  let size: usize = 4 + <usize>count * 8;
  for (let i = 0; i < count; i++) {
    const p = unchecked(pairs[i]);
    size += <usize>String.UTF8.byteLength(p.name) + <usize>String.UTF8.byteLength(p.value) + 2;
  }
  const buf = new ArrayBuffer(<i32>size);
  const base = changetype<usize>(buf);
  store<u32>(base, count);
  let data: usize = 4 + <usize>count * 8;
  for (let i = 0; i < count; i++) {
    const p = unchecked(pairs[i]);
    // Not nullTerminated: that mode stops at an embedded NUL, and the lengths would disagree.
    const keyLen = String.UTF8.encodeUnsafe(changetype<usize>(p.name), p.name.length, base + data, false);
    store<u8>(base + data + keyLen, 0);
    data += keyLen + 1;
    const valueLen = String.UTF8.encodeUnsafe(changetype<usize>(p.value), p.value.length, base + data, false);
    store<u8>(base + data + valueLen, 0);
    data += valueLen + 1;
    store<u32>(base + 4 + <usize>i * 8, <u32>keyLen);
    store<u32>(base + 8 + <usize>i * 8, <u32>valueLen);
  }
  return buf;
}

/** Builds a pair list from alternating names and values: `pairsOf(["a", "1", "b", "2"])`. */
export function pairsOf(namesAndValues: Array<string>): Array<HeaderPair> {
  const out = new Array<HeaderPair>();
  for (let i = 0; i + 1 < namesAndValues.length; i += 2) {
    out.push(new HeaderPair(unchecked(namesAndValues[i]), unchecked(namesAndValues[i + 1])));
  }
  return out;
}
