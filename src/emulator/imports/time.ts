/** Time: `proxy_get_current_time_nanoseconds` (wall clock, ns since the Unix epoch). */
import { WasmResult } from "../abi/enums.ts";
import { hostFn, type ImportArea } from "./registry.ts";

export const timeArea: ImportArea = {
  module: "env",
  create: (vm) => ({
    proxy_get_current_time_nanoseconds: hostFn("i:i", (outPtr: number) =>
      vm.memory.writeU64(outPtr, vm.host.clock()) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess,
    ),
  }),
};
