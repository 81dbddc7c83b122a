/**
 * Binary encodings shared by host and guest: the header-map "pairs" format (§4.1) and
 * Envoy's property value serialization (§4.3).
 */
/** Envoy refuses (parses as empty) a serialized map with more pairs than this. */
export const MAX_PAIRS = 1024;
/** Envoy refuses (parses as empty) a serialized map larger than this many bytes. */
export const MAX_PAIRS_BYTES = 1024 * 1024;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
/**
 * Serializes pairs in the §4.1 layout: u32 count, then (key_len, val_len) u32 pairs, then each
 * key and value followed by a NUL. An empty map serializes as zero bytes (Envoy returns
 * ptr=0, len=0 for it).
 */
export function encodePairs(pairs) {
    if (pairs.length === 0)
        return new Uint8Array(0);
    const encoded = pairs.map(([k, v]) => [toBytes(k), toBytes(v)]);
    let size = 4;
    for (const [k, v] of encoded)
        size += 8 + k.length + 1 + v.length + 1;
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, encoded.length, true);
    let offset = 4 + 8 * encoded.length;
    encoded.forEach(([k, v], i) => {
        view.setUint32(4 + 8 * i, k.length, true);
        view.setUint32(8 + 8 * i, v.length, true);
        out.set(k, offset);
        offset += k.length + 1; // NUL already zero
        out.set(v, offset);
        offset += v.length + 1;
    });
    return out;
}
/**
 * Parses the §4.1 layout strictly, like Envoy: any mismatch (wrong count, missing NUL, trailing
 * bytes, more than 1 MiB or more than 1024 pairs) yields an **empty** map, never an error.
 * Both zero bytes and a 4-byte zero count mean an empty map.
 */
export function decodePairs(data) {
    return decodePairsBytes(data).map(([k, v]) => [utf8Decoder.decode(k), utf8Decoder.decode(v)]);
}
/** Like {@link decodePairs} but keeps keys and values as raw bytes. */
export function decodePairsBytes(data) {
    if (data.length < 4 || data.length > MAX_PAIRS_BYTES)
        return [];
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const count = view.getUint32(0, true);
    if (count > MAX_PAIRS)
        return [];
    let offset = 4 + 8 * count;
    if (offset > data.length)
        return [];
    const out = [];
    for (let i = 0; i < count; i++) {
        const keyLen = view.getUint32(4 + 8 * i, true);
        const valLen = view.getUint32(8 + 8 * i, true);
        if (offset + keyLen + 1 + valLen + 1 > data.length)
            return [];
        const key = data.subarray(offset, offset + keyLen);
        offset += keyLen;
        if (data[offset++] !== 0)
            return [];
        const value = data.subarray(offset, offset + valLen);
        offset += valLen;
        if (data[offset++] !== 0)
            return [];
        out.push([key.slice(), value.slice()]);
    }
    return offset === data.length ? out : [];
}
/** UTF-8 encodes a string; passes bytes through. */
export function toBytes(value) {
    return typeof value === "string" ? utf8.encode(value) : value;
}
/** UTF-8 decodes bytes (invalid sequences become U+FFFD). */
export function fromBytes(value) {
    return utf8Decoder.decode(value);
}
/**
 * A property value with an explicit Envoy type. Create with {@link int64}, {@link uint64},
 * {@link double}, {@link timestamp} or {@link duration}.
 */
export class TypedProperty {
    kind;
    value;
    /** @internal use the factory functions. */
    constructor(kind, value) {
        this.kind = kind;
        this.value = value;
    }
}
/** An Envoy int64 property (8 bytes LE two's complement), e.g. `source.port`. */
export function int64(value) {
    return new TypedProperty("int", value);
}
/** An Envoy uint64 property (8 bytes LE), e.g. `connection.id`. */
export function uint64(value) {
    return new TypedProperty("uint", value);
}
/** An Envoy double property (8 bytes LE IEEE-754). */
export function double(value) {
    return new TypedProperty("double", value);
}
/** An Envoy timestamp property: ns since the epoch as int64. Accepts a Date or ns as bigint. */
export function timestamp(value) {
    return new TypedProperty("timestamp", value instanceof Date ? BigInt(value.getTime()) * 1000000n : value);
}
/** An Envoy duration property: int64 nanoseconds. */
export function duration(nanoseconds) {
    return new TypedProperty("duration", nanoseconds);
}
/** Serializes a property value the way Envoy does (§4.3). */
export function encodeProperty(value) {
    if (typeof value === "string" || value instanceof Uint8Array)
        return toBytes(value);
    if (typeof value === "boolean")
        return Uint8Array.of(value ? 1 : 0);
    if (typeof value === "bigint")
        return encodeNumber("int", value);
    if (typeof value === "number")
        return encodeNumber(Number.isInteger(value) ? "int" : "double", value);
    if (value instanceof TypedProperty)
        return encodeNumber(value.kind, value.value);
    if (Array.isArray(value))
        return encodePairs(value.map((element) => [encodeProperty(element), new Uint8Array(0)]));
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    return encodePairs(entries.map(([k, v]) => [k, encodeProperty(v)]));
}
function encodeNumber(kind, value) {
    const out = new Uint8Array(8);
    const view = new DataView(out.buffer);
    if (kind === "double")
        view.setFloat64(0, Number(value), true);
    else if (kind === "uint")
        view.setBigUint64(0, BigInt(value), true);
    else
        view.setBigInt64(0, BigInt(value), true);
    return out;
}
