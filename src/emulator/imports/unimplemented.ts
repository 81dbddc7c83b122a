/**
 * ABI 0.2.1 host functions the emulator does not emulate yet. Each is linked with its real
 * signature (so every module links and signature mismatches are still caught), returns
 * Unimplemented (12) and records the call in `vm.unimplementedCalls`.
 *
 * To implement an area, move its names out of this table into a new area file and list that
 * file in `index.ts`.
 */
import { WasmResult } from "../abi/enums.ts";
import type { Signature } from "../abi/module-info.ts";
import { hostFn, type HostFunction, type ImportArea } from "./registry.ts";

/** Not-yet-emulated `env` imports and their cpp-host signatures. */
export const UNIMPLEMENTED_IMPORTS: Readonly<Record<string, Signature>> = {
  // HTTP callouts
  proxy_http_call: "iiiiiiiiii:i",
  // gRPC
  proxy_grpc_call: "iiiiiiiiiiii:i",
  proxy_grpc_stream: "iiiiiiiii:i",
  proxy_grpc_send: "iiii:i",
  proxy_grpc_cancel: "i:i",
  proxy_grpc_close: "i:i",
  proxy_get_status: "iii:i",
  // shared data and queues
  proxy_get_shared_data: "iiiii:i",
  proxy_set_shared_data: "iiiii:i",
  proxy_register_shared_queue: "iii:i",
  proxy_resolve_shared_queue: "iiiii:i",
  proxy_enqueue_shared_queue: "iii:i",
  proxy_dequeue_shared_queue: "iii:i",
  // metrics
  proxy_define_metric: "iiii:i",
  proxy_increment_metric: "iI:i",
  proxy_record_metric: "iI:i",
  proxy_get_metric: "ii:i",
  // contexts and timers
  proxy_set_effective_context: "i:i",
  proxy_done: ":i",
  proxy_set_tick_period_milliseconds: "i:i",
  // foreign functions and Envoy extras
  proxy_call_foreign_function: "iiiiii:i",
  envoy_resolve_dns: "iii:i",
};

export const unimplementedArea: ImportArea = {
  module: "env",
  create: (vm) => {
    const functions: Record<string, HostFunction> = {};
    for (const [name, signature] of Object.entries(UNIMPLEMENTED_IMPORTS)) {
      functions[name] = hostFn(signature, () => {
        vm.recordUnimplemented(name);
        return WasmResult.Unimplemented;
      });
    }
    return functions;
  },
};
