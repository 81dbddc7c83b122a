/**
 * Foreign functions: `proxy_call_foreign_function`. Built in, as in Envoy: `clear_route_cache`
 * (recorded on the stream, see HttpStream.routeCacheClears; Ok with no result). Tests add more
 * with `host.registerForeignFunction(name, fn)`. Any other name gives NotFound.
 */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
const BUILT_IN = new Map([
    [
        "clear_route_cache",
        (_args, ctx) => {
            ctx.clearRouteCache();
            return new Uint8Array(0);
        },
    ],
]);
export const foreignArea = {
    module: "env",
    create: (vm) => ({
        proxy_call_foreign_function: hostFn("iiiiii:i", (namePtr, nameLen, argsPtr, argsLen, outPtr, outLen) => {
            const name = vm.memory.string(namePtr, nameLen);
            const args = vm.memory.bytes(argsPtr, argsLen);
            if (name === undefined || args === undefined)
                return WasmResult.InvalidMemoryAccess;
            const fn = vm.host.foreignFunctions.get(name) ?? BUILT_IN.get(name);
            vm.host.foreignCalls.push({ name, args, contextId: vm.currentContext.id, vm: vm.name });
            if (!fn)
                return WasmResult.NotFound;
            const result = fn(args, vm.currentContext);
            if (typeof result === "number")
                return result;
            return vm.memory.writeOutput(outPtr, outLen, result);
        }),
    }),
};
