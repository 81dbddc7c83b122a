/**
 * Foreign functions: `proxy_call_foreign_function`. Built in, as in Envoy: `clear_route_cache`
 * (recorded on the stream, see HttpStream.routeCacheClears; Ok with no result). Tests add more
 * with `host.registerForeignFunction(name, fn)`. Any other name gives NotFound.
 */
import { WasmResult } from "../abi/enums.ts";
import type { HostContext } from "../context.ts";
import { type ImportArea } from "./registry.ts";
/** A foreign function: returns the result bytes or a WasmResult (failure). */
export type ForeignFunction = (args: Uint8Array, context: HostContext) => Uint8Array | WasmResult;
export declare const foreignArea: ImportArea;
