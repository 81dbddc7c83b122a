import { HostTrap } from "../errors.js";
import { buffersArea } from "./buffers.js";
import { contextArea } from "./context.js";
import { emscriptenArea } from "./emscripten.js";
import { envAbortArea } from "./env-abort.js";
import { foreignArea } from "./foreign.js";
import { grpcArea } from "./grpc.js";
import { headersArea } from "./headers.js";
import { httpCallArea } from "./http-call.js";
import { logArea } from "./log.js";
import { metricsArea } from "./metrics.js";
import { propertiesArea } from "./properties.js";
import { sharedDataArea } from "./shared-data.js";
import { sharedQueueArea } from "./shared-queue.js";
import { ALLOWED_DURING_ALLOCATION, ALLOWED_DURING_START, WASI_MODULES } from "./registry.js";
import { streamArea } from "./stream.js";
import { timeArea } from "./time.js";
import { timersArea } from "./timers.js";
import { unimplementedArea } from "./unimplemented.js";
import { wasiArea } from "./wasi.js";
/** Every import area, in registration order. Add new areas here. */
export const IMPORT_AREAS = [
    logArea,
    timeArea,
    propertiesArea,
    buffersArea,
    headersArea,
    streamArea,
    grpcArea,
    contextArea,
    httpCallArea,
    sharedDataArea,
    sharedQueueArea,
    metricsArea,
    timersArea,
    foreignArea,
    wasiArea,
    envAbortArea,
    emscriptenArea,
    unimplementedArea,
];
/** Builds the `module.field → host function` table offered to a module of `abi`. */
function registeredFunctions(vm, abi) {
    const table = new Map();
    for (const area of IMPORT_AREAS) {
        const modules = area.module === "wasi" ? WASI_MODULES : ["env"];
        for (const [name, fn] of Object.entries(area.create(vm))) {
            if (fn.abi && !fn.abi.includes(abi))
                continue;
            for (const module of modules)
                table.set(`${module}.${name}`, fn);
        }
    }
    return table;
}
/** Returns the import object for `WebAssembly.instantiate`, or throws an Error naming the bad import. */
export function linkImports(vm, info, abi) {
    const table = registeredFunctions(vm, abi);
    const imports = {};
    for (const imp of info.imports) {
        const key = `${imp.module}.${imp.name}`;
        const fn = imp.kind === "function" ? table.get(key) : undefined;
        if (!fn)
            throw new Error(`missing import: ${key}${imp.kind === "function" ? "" : ` (${imp.kind} imports are not provided)`}`);
        if (fn.signature !== imp.signature) {
            throw new Error(`Bad function signature for: ${key} (module declares ${imp.signature}, host expects ${fn.signature})`);
        }
        (imports[imp.module] ??= {})[imp.name] = (...args) => {
            if (vm.phase === "start" && !ALLOWED_DURING_START.has(key)) {
                throw new HostTrap(`restricted_callback: ${key} is not allowed during start-up (_initialize/_start)`);
            }
            if (vm.phase === "alloc" && !ALLOWED_DURING_ALLOCATION.has(key)) {
                throw new HostTrap(`restricted_callback: ${key} is not allowed inside the allocator`);
            }
            return fn.impl(...args);
        };
    }
    return imports;
}
