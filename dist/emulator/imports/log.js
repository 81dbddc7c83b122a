/** Logging: `proxy_log` and (ABI 0.2.1 only) `proxy_get_log_level`. */
import { LogLevel, WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const logArea = {
    module: "env",
    create: (vm) => ({
        /** Logs `msg` at `level`; BadArgument for a level above Critical. */
        proxy_log: hostFn("iii:i", (level, ptr, len) => {
            level >>>= 0;
            if (level > LogLevel.Critical)
                return WasmResult.BadArgument;
            const message = vm.memory.string(ptr, len);
            if (message === undefined)
                return WasmResult.InvalidMemoryAccess;
            vm.log(level, message);
            return WasmResult.Ok;
        }),
        /** Writes the host's current level (0–6, 6 = off). */
        proxy_get_log_level: hostFn("i:i", (outPtr) => (vm.memory.writeU32(outPtr, vm.host.logLevel) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess), ["0.2.1"]),
    }),
};
