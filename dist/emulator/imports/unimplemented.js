/**
 * ABI 0.2.1 host functions the emulator does not emulate yet. Each is linked with its real
 * signature (so every module links and signature mismatches are still caught), returns
 * Unimplemented (12) and records the call in `vm.unimplementedCalls`.
 *
 * To implement an area, move its names out of this table into a new area file and list that
 * file in `index.ts`.
 */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
/** Not-yet-emulated `env` imports and their cpp-host signatures. */
export const UNIMPLEMENTED_IMPORTS = {
    // HTTP callouts: imports/http-call.ts; shared data and queues: imports/shared-{data,queue}.ts;
    // metrics: imports/metrics.ts; effective context, proxy_done, proxy_get_status:
    // imports/context.ts; ticks: imports/timers.ts; foreign functions: imports/foreign.ts
    // gRPC (calls and streams: imports/grpc.ts)
    // Envoy extras
    envoy_resolve_dns: "iii:i",
};
export const unimplementedArea = {
    module: "env",
    create: (vm) => {
        const functions = {};
        for (const [name, signature] of Object.entries(UNIMPLEMENTED_IMPORTS)) {
            functions[name] = hostFn(signature, () => {
                vm.recordUnimplemented(name);
                return WasmResult.Unimplemented;
            });
        }
        return functions;
    },
};
