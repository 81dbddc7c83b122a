/**
 * Foreign functions: `proxy_call_foreign_function`, with the ones Envoy 1.40 registers (its
 * `foreign.cc`):
 *
 * - `clear_route_cache`: recorded on the stream (HttpStream.routeCacheClears); Ok, no result;
 * - `compress` / `uncompress`: zlib (RFC 1950) as Envoy's zlib `compress()` / `uncompress()`;
 *   bytes that are not zlib give SerializationFailure;
 * - `declare_property`, `set_envoy_filter_state`, `sign`, `verify_signature`, `expr_create`,
 *   `expr_evaluate`, `expr_delete`: registered by Envoy but not emulated. A call logs one error
 *   line naming the function and the way out (`host.registerForeignFunction`), is recorded in
 *   `vm.unimplementedCalls`, and returns Unimplemented.
 *
 * Tests add or override functions with `host.registerForeignFunction(name, fn)`. Any other name
 * gives NotFound, as in Envoy.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { LogLevel, WasmResult } from "../abi/enums.ts";
import type { ForeignFunction } from "../host-services.ts";
import { hostFn, type ImportArea } from "./registry.ts";

const BUILT_IN = new Map<string, ForeignFunction>([
  [
    "clear_route_cache",
    (_args, ctx) => {
      ctx.clearRouteCache();
      return new Uint8Array(0);
    },
  ],
  ["compress", (args) => new Uint8Array(deflateSync(args))],
  [
    "uncompress",
    (args) => {
      try {
        return new Uint8Array(inflateSync(args));
      } catch {
        return WasmResult.SerializationFailure;
      }
    },
  ],
]);

/** Foreign functions Envoy 1.40 registers that the emulator refuses (see the file comment). */
export const NOT_EMULATED_FOREIGN_FUNCTIONS: readonly string[] = [
  "declare_property", "set_envoy_filter_state", "sign", "verify_signature", "expr_create", "expr_evaluate", "expr_delete",
];

export const foreignArea: ImportArea = {
  module: "env",
  create: (vm) => ({
    proxy_call_foreign_function: hostFn("iiiiii:i", (namePtr: number, nameLen: number, argsPtr: number, argsLen: number, outPtr: number, outLen: number) => {
      const name = vm.memory.string(namePtr, nameLen);
      const args = vm.memory.bytes(argsPtr, argsLen);
      if (name === undefined || args === undefined) return WasmResult.InvalidMemoryAccess;
      const fn = vm.host.foreignFunctions.get(name) ?? BUILT_IN.get(name);
      vm.host.foreignCalls.push({ name, args, contextId: vm.currentContext.id, vm: vm.name });
      if (!fn) {
        if (!NOT_EMULATED_FOREIGN_FUNCTIONS.includes(name)) return WasmResult.NotFound;
        vm.log(LogLevel.Error, `emulator: foreign function ${name} is registered by Envoy but not emulated; provide one with host.registerForeignFunction("${name}", fn)`);
        vm.recordUnimplemented(`foreign:${name}`);
        return WasmResult.Unimplemented;
      }
      const result = fn(args, vm.currentContext);
      if (typeof result === "number") return result;
      return vm.memory.writeOutput(outPtr, outLen, result);
    }),
  }),
};
