/**
 * Binary encodings shared by host and guest: the header-map "pairs" format (§4.1) and
 * Envoy's property value serialization (§4.3).
 */
/** A header/trailer/metadata map as an ordered list of `[key, value]` pairs. */
export type Pairs = [string, string][];
/** Envoy refuses (parses as empty) a serialized map with more pairs than this. */
export declare const MAX_PAIRS = 1024;
/** Envoy refuses (parses as empty) a serialized map larger than this many bytes. */
export declare const MAX_PAIRS_BYTES: number;
/**
 * Serializes pairs in the §4.1 layout: u32 count, then (key_len, val_len) u32 pairs, then each
 * key and value followed by a NUL. An empty map serializes as zero bytes (Envoy returns
 * ptr=0, len=0 for it).
 */
export declare function encodePairs(pairs: ReadonlyArray<readonly [string | Uint8Array, string | Uint8Array]>): Uint8Array;
/**
 * Parses the §4.1 layout strictly, like Envoy: any mismatch (wrong count, missing NUL, trailing
 * bytes, more than 1 MiB or more than 1024 pairs) yields an **empty** map, never an error.
 * Both zero bytes and a 4-byte zero count mean an empty map.
 */
export declare function decodePairs(data: Uint8Array): Pairs;
/** Like {@link decodePairs} but keeps keys and values as raw bytes. */
export declare function decodePairsBytes(data: Uint8Array): [Uint8Array, Uint8Array][];
/** UTF-8 encodes a string; passes bytes through. */
export declare function toBytes(value: string | Uint8Array): Uint8Array;
/** UTF-8 decodes bytes (invalid sequences become U+FFFD). */
export declare function fromBytes(value: Uint8Array): string;
/** Property kinds whose bytes are 8-byte little-endian numbers. */
export type NumericKind = "int" | "uint" | "double" | "timestamp" | "duration";
/**
 * A property value with an explicit Envoy type. Create with {@link int64}, {@link uint64},
 * {@link double}, {@link timestamp} or {@link duration}.
 */
export declare class TypedProperty {
    readonly kind: NumericKind;
    readonly value: bigint | number;
    /** @internal use the factory functions. */
    constructor(kind: NumericKind, value: bigint | number);
}
/**
 * A property value as tests provide it:
 * - `string` / `Uint8Array`: raw bytes;
 * - `bigint` and integral `number`: int64; non-integral `number`: double; `boolean`: 1 byte;
 * - {@link TypedProperty}: uint64, double, timestamp, duration with explicit type;
 * - arrays: Envoy lists (pairs with each element as key and an empty value);
 * - plain objects / `Map`: Envoy maps (pairs with values serialized recursively), indexable by
 *   further path segments.
 */
export type PropertyValue = string | Uint8Array | number | bigint | boolean | TypedProperty | PropertyValue[] | Map<string, PropertyValue> | {
    [key: string]: PropertyValue;
};
/** An Envoy int64 property (8 bytes LE two's complement), e.g. `source.port`. */
export declare function int64(value: number | bigint): TypedProperty;
/** An Envoy uint64 property (8 bytes LE), e.g. `connection.id`. */
export declare function uint64(value: number | bigint): TypedProperty;
/** An Envoy double property (8 bytes LE IEEE-754). */
export declare function double(value: number): TypedProperty;
/** An Envoy timestamp property: ns since the epoch as int64. Accepts a Date or ns as bigint. */
export declare function timestamp(value: Date | bigint): TypedProperty;
/** An Envoy duration property: int64 nanoseconds. */
export declare function duration(nanoseconds: bigint | number): TypedProperty;
/** Serializes a property value the way Envoy does (§4.3). */
export declare function encodeProperty(value: PropertyValue): Uint8Array;
