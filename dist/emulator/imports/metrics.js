/** Metrics: `proxy_define_metric`, `proxy_increment_metric`, `proxy_record_metric`, `proxy_get_metric`. */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const metricsArea = {
    module: "env",
    create: (vm) => {
        const store = vm.host.metrics;
        return {
            /** Defines (or re-binds) the host-wide stat `name`; writes a new id whose low 2 bits are the type. */
            proxy_define_metric: hostFn("iiii:i", (type, namePtr, nameLen, outId) => {
                const name = vm.memory.string(namePtr, nameLen);
                if (name === undefined)
                    return WasmResult.InvalidMemoryAccess;
                const id = store.define(vm, type >>> 0, name);
                if (id === WasmResult.BadArgument)
                    return id;
                return vm.memory.writeU32(outId, id) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
            }),
            proxy_increment_metric: hostFn("iI:i", (id, delta) => store.increment(vm, id >>> 0, delta)),
            proxy_record_metric: hostFn("iI:i", (id, value) => store.record(vm, id >>> 0, value)),
            proxy_get_metric: hostFn("ii:i", (id, outPtr) => {
                const value = store.read(vm, id >>> 0);
                if (typeof value === "number")
                    return value;
                return vm.memory.writeU64(outPtr, value) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
            }),
        };
    },
};
