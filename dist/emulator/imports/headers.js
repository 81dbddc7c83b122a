/** Header maps: every `proxy_*_header_map_*` host function. */
import { MapType, WasmResult } from "../abi/enums.js";
import { decodePairs, encodePairs } from "../abi/pairs.js";
import { addHeader, headerBytes, removeHeader, replaceHeader, setAllHeaders } from "../header-map.js";
import { hostFn } from "./registry.js";
/** Resolves a map for a call: a map, or the WasmResult Envoy gives when it is unavailable. */
function mapFor(vm, type, mutable) {
    type >>>= 0;
    if (type > MapType.HttpCallResponseTrailers)
        return WasmResult.BadArgument;
    const ctx = vm.currentContext;
    const map = ctx.getMap(type, mutable);
    if (map)
        return map;
    // Envoy: maps may be null during on_log, which reads gives NotFound; otherwise BadArgument.
    return !mutable && ctx.accessLogPhase ? WasmResult.NotFound : WasmResult.BadArgument;
}
export const headersArea = {
    module: "env",
    create: (vm) => ({
        /** Serializes the whole map; an empty map gives ptr=0, len=0. */
        proxy_get_header_map_pairs: hostFn("iii:i", (type, outPtrPtr, outLenPtr) => {
            const map = mapFor(vm, type, false);
            if (typeof map === "number")
                return map;
            return vm.memory.writeOutput(outPtrPtr, outLenPtr, encodePairs(map));
        }),
        /** Replaces the whole map; malformed input parses as an empty map (clears it) and is Ok. */
        proxy_set_header_map_pairs: hostFn("iii:i", (type, ptr, len) => {
            const data = vm.memory.bytes(ptr, len);
            if (data === undefined)
                return WasmResult.InvalidMemoryAccess;
            const map = mapFor(vm, type, true);
            if (typeof map === "number")
                return map;
            setAllHeaders(map, decodePairs(data));
            return WasmResult.Ok;
        }),
        /** First value of a key (case-insensitive) or NotFound. */
        proxy_get_header_map_value: hostFn("iiiii:i", (type, keyPtr, keyLen, outPtrPtr, outLenPtr) => {
            const key = vm.memory.string(keyPtr, keyLen);
            if (key === undefined)
                return WasmResult.InvalidMemoryAccess;
            const map = mapFor(vm, type, false);
            if (typeof map === "number")
                return map;
            const lower = key.toLowerCase();
            const entry = map.find(([k]) => k === lower);
            if (!entry)
                return WasmResult.NotFound;
            return vm.memory.writeOutput(outPtrPtr, outLenPtr, new TextEncoder().encode(entry[1]));
        }),
        /** Appends a value; the key is lower-cased. */
        proxy_add_header_map_value: hostFn("iiiii:i", (type, keyPtr, keyLen, valPtr, valLen) => {
            const key = vm.memory.string(keyPtr, keyLen);
            const value = vm.memory.string(valPtr, valLen);
            if (key === undefined || value === undefined)
                return WasmResult.InvalidMemoryAccess;
            const map = mapFor(vm, type, true);
            if (typeof map === "number")
                return map;
            addHeader(map, key, value);
            return WasmResult.Ok;
        }),
        /** Sets a value, replacing every existing one. */
        proxy_replace_header_map_value: hostFn("iiiii:i", (type, keyPtr, keyLen, valPtr, valLen) => {
            const key = vm.memory.string(keyPtr, keyLen);
            const value = vm.memory.string(valPtr, valLen);
            if (key === undefined || value === undefined)
                return WasmResult.InvalidMemoryAccess;
            const map = mapFor(vm, type, true);
            if (typeof map === "number")
                return map;
            replaceHeader(map, key, value);
            return WasmResult.Ok;
        }),
        /** Removes every value of a key; Ok even when absent. */
        proxy_remove_header_map_value: hostFn("iii:i", (type, keyPtr, keyLen) => {
            const key = vm.memory.string(keyPtr, keyLen);
            if (key === undefined)
                return WasmResult.InvalidMemoryAccess;
            const map = mapFor(vm, type, true);
            if (typeof map === "number")
                return map;
            removeHeader(map, key);
            return WasmResult.Ok;
        }),
        /** Envoy writes the sum of key+value byte lengths (not the serialized size). */
        proxy_get_header_map_size: hostFn("ii:i", (type, outPtr) => {
            const map = mapFor(vm, type, true);
            if (typeof map === "number")
                return map;
            return vm.memory.writeU32(outPtr, headerBytes(map)) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
        }),
    }),
};
