/** Small `env` helpers cpp-host registers for Emscripten/threads-built modules. */
import { hostFn } from "./registry.js";
export const emscriptenArea = {
    module: "env",
    create: () => ({
        /** There is one thread per VM, so two thread ids are equal exactly when they are equal. */
        pthread_equal: hostFn("ii:i", (a, b) => (a === b ? 1 : 0)),
        /** Memory growth needs no action: the emulator re-reads memory.buffer on every access. */
        emscripten_notify_memory_growth: hostFn("i:", () => { }),
    }),
};
