/**
 * Links a module's declared imports against the registered areas.
 *
 * Only imports the module declares are linked. An import no area provides (or one gated to
 * another ABI version) fails with `missing import: module.field`, a signature mismatch with
 * `Bad function signature for: module.field`, as in cpp-host. Every host function is wrapped
 * to enforce the start-up and allocator restrictions (a violation traps "restricted_callback").
 */
import type { AbiVersion } from "../abi/exports.ts";
import type { ModuleInfo } from "../abi/module-info.ts";
import { HostTrap } from "../errors.ts";
import type { Vm } from "../vm.ts";
import { buffersArea } from "./buffers.ts";
import { contextArea } from "./context.ts";
import { emscriptenArea } from "./emscripten.ts";
import { envAbortArea } from "./env-abort.ts";
import { foreignArea } from "./foreign.ts";
import { grpcArea } from "./grpc.ts";
import { headersArea } from "./headers.ts";
import { httpCallArea } from "./http-call.ts";
import { logArea } from "./log.ts";
import { metricsArea } from "./metrics.ts";
import { propertiesArea } from "./properties.ts";
import { sharedDataArea } from "./shared-data.ts";
import { sharedQueueArea } from "./shared-queue.ts";
import { ALLOWED_DURING_ALLOCATION, ALLOWED_DURING_START, type HostFunction, type ImportArea, WASI_MODULES } from "./registry.ts";
import { streamArea } from "./stream.ts";
import { timeArea } from "./time.ts";
import { timersArea } from "./timers.ts";
import { unimplementedArea } from "./unimplemented.ts";
import { wasiArea } from "./wasi.ts";
import { wasiFilesArea } from "./wasi-files.ts";

/** Every import area, in registration order. Add new areas here. */
export const IMPORT_AREAS: readonly ImportArea[] = [
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
  wasiFilesArea,
  envAbortArea,
  emscriptenArea,
  unimplementedArea,
];

/** Builds the `module.field → host function` table offered to a module of `abi`. */
function registeredFunctions(vm: Vm, abi: AbiVersion): Map<string, HostFunction> {
  const table = new Map<string, HostFunction>();
  for (const area of IMPORT_AREAS) {
    const modules = area.module === "wasi" ? WASI_MODULES : ["env"];
    for (const [name, fn] of Object.entries(area.create(vm))) {
      if (fn.abi && !fn.abi.includes(abi)) continue;
      for (const module of modules) table.set(`${module}.${name}`, fn);
    }
  }
  return table;
}

/** Returns the import object for `WebAssembly.instantiate`, or throws an Error naming the bad import. */
export function linkImports(vm: Vm, info: ModuleInfo, abi: AbiVersion): WebAssembly.Imports {
  const table = registeredFunctions(vm, abi);
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const imp of info.imports) {
    const key = `${imp.module}.${imp.name}`;
    const fn = imp.kind === "function" ? table.get(key) : undefined;
    if (!fn) throw new Error(`missing import: ${key}${imp.kind === "function" ? "" : ` (${imp.kind} imports are not provided)`}`);
    if (fn.signature !== imp.signature) {
      throw new Error(`Bad function signature for: ${key} (module declares ${imp.signature}, host expects ${fn.signature})`);
    }
    (imports[imp.module] ??= {})[imp.name] = (...args: unknown[]) => {
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
