/**
 * `env.abort(msg, file, line, col)` for AssemblyScript modules built without our SDK's abort
 * redirection. Envoy does not provide it (such modules fail to load there); the emulator links
 * it so the module can be tested, and reports a call as a trap with message and location.
 */
import { HostTrap } from "../errors.js";
import { hostFn } from "./registry.js";
/**
 * Reads an AssemblyScript string: UTF-16LE code units, byte length in the u32 before the
 * pointer (the managed object header layout used by @assemblyscript/loader). 0 reads as "".
 */
export function readAsString(memory, ptr) {
    ptr >>>= 0;
    if (ptr === 0)
        return "";
    const byteLength = memory.u32(ptr - 4);
    const bytes = byteLength === undefined ? undefined : memory.bytes(ptr, byteLength & ~1);
    if (bytes === undefined)
        return `<invalid string at ${ptr}>`;
    return new TextDecoder("utf-16le").decode(bytes);
}
export const envAbortArea = {
    module: "env",
    create: (vm) => ({
        abort: hostFn("iiii:", (msgPtr, filePtr, line, col) => {
            const message = readAsString(vm.memory, msgPtr) || "abort";
            const file = readAsString(vm.memory, filePtr);
            const location = file ? `${file}:${line >>> 0}:${col >>> 0}` : undefined;
            vm.recordAbort(message, location);
            throw new HostTrap(message, location);
        }),
    }),
};
