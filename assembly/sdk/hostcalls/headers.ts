// Header maps: request/response headers and trailers, callout and gRPC metadata maps.
// Each method is one host call. Maps are readable and writable only while their phase is
// active or paused (docs/abi.md §6); outside it the host answers BadArgument, which the
// mutators return and the getters report as "absent", never as a trap.
import {
  proxy_add_header_map_value, proxy_get_header_map_pairs, proxy_get_header_map_size,
  proxy_get_header_map_value, proxy_remove_header_map_value, proxy_replace_header_map_value,
  proxy_set_header_map_pairs,
} from "../abi/imports";
import { MapType, WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_LEN, decodeString, scratchLen, scratchReset, scratchString, takeOutBuffer } from "../abi/memory";
import { HeaderPair, decodePairs, encodePairs } from "./pairs";
import { asciiLower } from "../util";

/** One of the host's header maps, named by its MapType. */
export class HeaderMap {
  constructor(public readonly type: MapType) {}

  /** The first value of `name` (lower-case), or null if absent or the map is unavailable now. */
  get(name: string): string | null {
    const bytes = this.getBytes(name);
    return bytes === null ? null : decodeString(bytes);
  }

  /** The first value of `name` as raw bytes, or null. Avoids a string decode. */
  getBytes(name: string): ArrayBuffer | null {
    scratchReset();
    const key = scratchString(name);
    if (proxy_get_header_map_value(<u32>this.type, key, scratchLen, OUT_PTR, OUT_LEN) != WasmResult.Ok) return null;
    return takeOutBuffer();
  }

  /** True if `name` is present. */
  has(name: string): bool {
    return this.getBytes(name) !== null;
  }

  /** Every value of `name` in order (the host's single-value getter returns only the first). */
  getAll(name: string): Array<string> {
    const out = new Array<string>();
    const all = this.pairs();
    const wanted = asciiLower(name);
    for (let i = 0; i < all.length; i++) {
      const p = unchecked(all[i]);
      if (p.name == wanted) out.push(p.value);
    }
    return out;
  }

  /** Every pair in the map, in order, names lower-case. Empty if the map is unavailable. */
  pairs(): Array<HeaderPair> {
    if (proxy_get_header_map_pairs(<u32>this.type, OUT_PTR, OUT_LEN) != WasmResult.Ok) return new Array<HeaderPair>();
    return decodePairs(takeOutBuffer());
  }

  /** Replaces the whole map with `pairs`. */
  setPairs(pairs: Array<HeaderPair>): WasmResult {
    const data = encodePairs(pairs);
    return <WasmResult>proxy_set_header_map_pairs(<u32>this.type, changetype<usize>(data), <usize>data.byteLength);
  }

  /** Sets `name` to `value`, replacing every existing value (adds it if absent). */
  set(name: string, value: string): WasmResult {
    scratchReset();
    const key = scratchString(name);
    const keyLen = scratchLen;
    const val = scratchString(value);
    return <WasmResult>proxy_replace_header_map_value(<u32>this.type, key, keyLen, val, scratchLen);
  }

  /** Adds a value for `name`, keeping existing ones (a repeated header). */
  add(name: string, value: string): WasmResult {
    scratchReset();
    const key = scratchString(name);
    const keyLen = scratchLen;
    const val = scratchString(value);
    return <WasmResult>proxy_add_header_map_value(<u32>this.type, key, keyLen, val, scratchLen);
  }

  /** Removes every value of `name`; Ok even if it was absent. */
  remove(name: string): WasmResult {
    scratchReset();
    const key = scratchString(name);
    return <WasmResult>proxy_remove_header_map_value(<u32>this.type, key, scratchLen);
  }

  /**
   * Envoy's size of the map: the sum of the byte lengths of every name and value (not the
   * serialized size). 0 if unavailable.
   */
  byteSize(): u32 {
    if (proxy_get_header_map_size(<u32>this.type, OUT_PTR) != WasmResult.Ok) return 0;
    return load<u32>(OUT_PTR);
  }
}
