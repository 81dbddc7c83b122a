// Foreign functions: host extensions called by name (Envoy: clear_route_cache,
// declare_property, set_envoy_filter_state, verify_signature, compress, uncompress, …).
import { proxy_call_foreign_function } from "../abi/imports";
import { BufferType, WasmResult } from "../abi/enums";
import { Buffer } from "./buffers";
import { OUT_PTR, OUT_LEN, scratchLen, scratchReset, scratchString, takeOutBuffer } from "../abi/memory";

/** The result of a foreign function call: a status and the returned bytes (empty on failure). */
export class ForeignResult {
  constructor(public readonly result: WasmResult, public readonly data: ArrayBuffer) {}
  /** True if the host ran the function (result Ok); `data` is then its output. */
  get ok(): bool { return this.result == WasmResult.Ok; }
}

// @ts-ignore: decorator
@lazy const NO_ARGS = new ArrayBuffer(0);

/** Calls the host's foreign function `name` with `args`. NotFound if the host lacks it. */
export function callForeignFunction(name: string, args: ArrayBuffer = NO_ARGS): ForeignResult {
  scratchReset();
  const namePtr = scratchString(name);
  const result = <WasmResult>proxy_call_foreign_function(namePtr, scratchLen, changetype<usize>(args), <usize>args.byteLength, OUT_PTR, OUT_LEN);
  return new ForeignResult(result, result == WasmResult.Ok ? takeOutBuffer() : NO_ARGS);
}

/**
 * Makes Envoy pick the route again after the filter changed :path, :authority or headers a
 * route matches on. Call from a request headers callback, after the change.
 */
export function clearRouteCache(): WasmResult {
  return callForeignFunction("clear_route_cache").result;
}

// @ts-ignore: decorator
@lazy const CALL_DATA = new Buffer(BufferType.CallData);

/** The arguments of the running proxy_on_foreign_function (buffer CallData); empty if none. */
export function foreignCallData(size: u32): ArrayBuffer {
  if (size == 0) return NO_ARGS;
  const data = CALL_DATA.get(0, size);
  return data === null ? NO_ARGS : data;
}
