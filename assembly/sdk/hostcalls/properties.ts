// Envoy attributes ("properties"): request.path, source.address, xds.route_name, … (docs/abi.md
// §4.2–4.3). A path is a list of segments sent NUL-separated; values come back as raw bytes
// (strings), 8-byte little-endian integers, or the pairs format for maps.
import { proxy_get_property, proxy_set_property } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_LEN, decodeString, takeOutBuffer } from "../abi/memory";

/**
 * A property path encoded once (e.g. at configure time) for cheap repeated lookups:
 * `const SOURCE = new PropertyPath(["source", "address"])`, then `SOURCE.getString()`.
 */
export class PropertyPath {
  /** The NUL-separated wire form of the path. */
  readonly encoded: ArrayBuffer;

  constructor(public readonly segments: Array<string>) {
    this.encoded = String.UTF8.encode(segments.join("\0"));
  }

  /** The raw value, or null if Envoy has no such property now. */
  get(): ArrayBuffer | null {
    const path = this.encoded;
    if (proxy_get_property(changetype<usize>(path), <usize>path.byteLength, OUT_PTR, OUT_LEN) != WasmResult.Ok) return null;
    return takeOutBuffer();
  }

  /** The value as a string (for string and bytes properties), or null. */
  getString(): string | null {
    const bytes = this.get();
    return bytes === null ? null : decodeString(bytes);
  }

  /** The value as a signed 64-bit integer (int, uint, timestamp, duration), or `fallback`. */
  getInt(fallback: i64 = 0): i64 {
    const bytes = this.get();
    if (bytes === null || bytes.byteLength != 8) return fallback;
    return load<i64>(changetype<usize>(bytes));
  }

  /** The value as a bool (1 byte), or `fallback`. */
  getBool(fallback: bool = false): bool {
    const bytes = this.get();
    if (bytes === null || bytes.byteLength != 1) return fallback;
    return load<u8>(changetype<usize>(bytes)) != 0;
  }

  /** Stores `value` in the stream's filter state (Envoy: `wasm.<path>`); NotFound outside a stream. */
  set(value: ArrayBuffer): WasmResult {
    const path = this.encoded;
    return <WasmResult>proxy_set_property(changetype<usize>(path), <usize>path.byteLength, changetype<usize>(value), <usize>value.byteLength);
  }

  /** Stores a UTF-8 string value. */
  setString(value: string): WasmResult {
    const bytes = String.UTF8.encode(value);
    return this.set(bytes);
  }
}

/** Reads a property by its segments, e.g. `getProperty(["request", "path"])`; null if absent. */
export function getProperty(segments: Array<string>): ArrayBuffer | null {
  return new PropertyPath(segments).get();
}

/** Reads a string property, e.g. `getPropertyString(["source", "address"])`; null if absent. */
export function getPropertyString(segments: Array<string>): string | null {
  return new PropertyPath(segments).getString();
}

/** Reads an integer property, e.g. `getPropertyInt(["source", "port"])`; `fallback` if absent. */
export function getPropertyInt(segments: Array<string>, fallback: i64 = 0): i64 {
  return new PropertyPath(segments).getInt(fallback);
}

/** Writes a property (filter state) for the current stream. */
export function setProperty(segments: Array<string>, value: ArrayBuffer): WasmResult {
  return new PropertyPath(segments).set(value);
}
