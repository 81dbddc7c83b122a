/** Time: `proxy_get_current_time_nanoseconds` (wall clock, ns since the Unix epoch). */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const timeArea = {
    module: "env",
    create: (vm) => ({
        proxy_get_current_time_nanoseconds: hostFn("i:i", (outPtr) => vm.memory.writeU64(outPtr, vm.host.clock()) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess),
    }),
};
