/** Properties: `proxy_get_property` / `proxy_set_property` (§4.2–4.3). */
import { WasmResult } from "../abi/enums.js";
import { splitPropertyPath } from "../attributes.js";
import { hostFn } from "./registry.js";
export const propertiesArea = {
    module: "env",
    create: (vm) => ({
        /** Resolves a NUL-separated path against the current context's attributes and filter state. */
        proxy_get_property: hostFn("iiii:i", (pathPtr, pathLen, outPtrPtr, outLenPtr) => {
            const path = vm.memory.string(pathPtr, pathLen);
            if (path === undefined)
                return WasmResult.InvalidMemoryAccess;
            const value = vm.currentContext.getProperty(splitPropertyPath(path));
            if (typeof value === "number")
                return value;
            return vm.memory.writeOutput(outPtrPtr, outLenPtr, value);
        }),
        /** Writes filter state (`wasm.<path>`); NotFound without a stream. */
        proxy_set_property: hostFn("iiii:i", (pathPtr, pathLen, valPtr, valLen) => {
            const path = vm.memory.string(pathPtr, pathLen);
            const value = vm.memory.bytes(valPtr, valLen);
            if (path === undefined || value === undefined)
                return WasmResult.InvalidMemoryAccess;
            return vm.currentContext.setProperty(path, value);
        }),
    }),
};
