/**
 * Foreign functions: `proxy_call_foreign_function`. Built in, as in Envoy: `clear_route_cache`
 * (recorded on the stream, see HttpStream.routeCacheClears; Ok with no result). Tests add more
 * with `host.registerForeignFunction(name, fn)`. Any other name gives NotFound.
 */
import { WasmResult } from "../abi/enums.ts";
import type { HostContext } from "../context.ts";
import { hostFn, type ImportArea } from "./registry.ts";

/** A foreign function: returns the result bytes or a WasmResult (failure). */
export type ForeignFunction = (args: Uint8Array, context: HostContext) => Uint8Array | WasmResult;

const BUILT_IN = new Map<string, ForeignFunction>([
  [
    "clear_route_cache",
    (_args, ctx) => {
      ctx.clearRouteCache();
      return new Uint8Array(0);
    },
  ],
]);

export const foreignArea: ImportArea = {
  module: "env",
  create: (vm) => ({
    proxy_call_foreign_function: hostFn("iiiiii:i", (namePtr: number, nameLen: number, argsPtr: number, argsLen: number, outPtr: number, outLen: number) => {
      const name = vm.memory.string(namePtr, nameLen);
      const args = vm.memory.bytes(argsPtr, argsLen);
      if (name === undefined || args === undefined) return WasmResult.InvalidMemoryAccess;
      const fn = vm.host.foreignFunctions.get(name) ?? BUILT_IN.get(name);
      vm.host.foreignCalls.push({ name, args, contextId: vm.currentContext.id, vm: vm.name });
      if (!fn) return WasmResult.NotFound;
      const result = fn(args, vm.currentContext);
      if (typeof result === "number") return result;
      return vm.memory.writeOutput(outPtr, outLen, result);
    }),
  }),
};
