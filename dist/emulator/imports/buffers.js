/** Buffers: `proxy_get_buffer_bytes`, `proxy_set_buffer_bytes`, `proxy_get_buffer_status`. */
import { BufferType, WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
/**
 * Envoy's edit rule for `proxy_set_buffer_bytes`: start=0 drops the first `length` bytes and
 * prepends `data` (length ≥ size replaces everything); start ≥ size appends; anything else is
 * BadArgument. Returns the new contents or undefined for BadArgument.
 */
export function editBuffer(current, start, length, data) {
    if (start === 0) {
        const rest = current.subarray(Math.min(length, current.length));
        const out = new Uint8Array(data.length + rest.length);
        out.set(data);
        out.set(rest, data.length);
        return out;
    }
    if (start >= current.length) {
        const out = new Uint8Array(current.length + data.length);
        out.set(current);
        out.set(data, current.length);
        return out;
    }
    return undefined;
}
export const buffersArea = {
    module: "env",
    create: (vm) => ({
        /** Reads `[start, start+maxSize)` clamped to the buffer; out of range gives Ok with nothing. */
        proxy_get_buffer_bytes: hostFn("iiiii:i", (type, start, maxSize, outPtrPtr, outLenPtr) => {
            type >>>= 0;
            if (type > BufferType.CallData)
                return WasmResult.BadArgument;
            const buffer = vm.currentContext.getBuffer(type);
            if (!buffer)
                return WasmResult.NotFound;
            const bytes = buffer.get();
            const from = Math.min(start >>> 0, bytes.length);
            const to = Math.min(from + (maxSize >>> 0), bytes.length);
            return vm.memory.writeOutput(outPtrPtr, outLenPtr, bytes.slice(from, to));
        }),
        /** Edits a writable buffer with Envoy's start=0 / append-only rule. */
        proxy_set_buffer_bytes: hostFn("iiiii:i", (type, start, length, dataPtr, dataLen) => {
            type >>>= 0;
            if (type > BufferType.CallData)
                return WasmResult.BadArgument;
            const data = vm.memory.bytes(dataPtr, dataLen);
            if (data === undefined)
                return WasmResult.InvalidMemoryAccess;
            const buffer = vm.currentContext.getBuffer(type);
            if (!buffer)
                return WasmResult.NotFound;
            if (!buffer.set)
                return WasmResult.BadArgument;
            const edited = editBuffer(buffer.get(), start >>> 0, length >>> 0, data);
            if (!edited)
                return WasmResult.BadArgument;
            buffer.set(edited);
            return WasmResult.Ok;
        }),
        /** Writes the buffer's length; flags are always 0. */
        proxy_get_buffer_status: hostFn("iii:i", (type, outLenPtr, outFlagsPtr) => {
            type >>>= 0;
            if (type > BufferType.CallData)
                return WasmResult.BadArgument;
            const buffer = vm.currentContext.getBuffer(type);
            if (!buffer)
                return WasmResult.NotFound;
            const ok = vm.memory.writeU32(outLenPtr, buffer.get().length) && vm.memory.writeU32(outFlagsPtr, 0);
            return ok ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
        }),
    }),
};
