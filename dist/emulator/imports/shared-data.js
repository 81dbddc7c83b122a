/** Shared data: `proxy_get_shared_data` / `proxy_set_shared_data`, process-wide per vm_id (see ../shared-data.ts). */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const sharedDataArea = {
    module: "env",
    create: (vm) => {
        const store = vm.host.sharedData;
        return {
            /** Writes the value (empty: ptr=0, len=0) and its cas; NotFound if the key is absent. */
            proxy_get_shared_data: hostFn("iiiii:i", (keyPtr, keyLen, outPtr, outLen, outCas) => {
                const key = vm.memory.string(keyPtr, keyLen);
                if (key === undefined)
                    return WasmResult.InvalidMemoryAccess;
                const entry = store.get(vm.vmId, key);
                if (!entry)
                    return WasmResult.NotFound;
                store.onGet?.(vm.vmId, key);
                const result = vm.memory.writeOutput(outPtr, outLen, entry.value);
                if (result !== WasmResult.Ok)
                    return result;
                return vm.memory.writeU32(outCas, entry.cas) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
            }),
            /** Sets the value; cas 0 is unconditional, a stale non-zero cas gives CasMismatch. */
            proxy_set_shared_data: hostFn("iiiii:i", (keyPtr, keyLen, valPtr, valLen, cas) => {
                const key = vm.memory.string(keyPtr, keyLen);
                const value = vm.memory.bytes(valPtr, valLen);
                if (key === undefined || value === undefined)
                    return WasmResult.InvalidMemoryAccess;
                return store.set(vm.vmId, key, value, cas >>> 0);
            }),
        };
    },
};
