import { type ImportArea } from "./registry.ts";
/**
 * Envoy's edit rule for `proxy_set_buffer_bytes`: start=0 drops the first `length` bytes and
 * prepends `data` (length ≥ size replaces everything); start ≥ size appends; anything else is
 * BadArgument. Returns the new contents or undefined for BadArgument.
 */
export declare function editBuffer(current: Uint8Array, start: number, length: number, data: Uint8Array): Uint8Array | undefined;
export declare const buffersArea: ImportArea;
