/**
 * Links a module's declared imports against the registered areas.
 *
 * Only imports the module declares are linked. An import no area provides (or one gated to
 * another ABI version) fails with `missing import: module.field`, a signature mismatch with
 * `Bad function signature for: module.field`, as in cpp-host. Every host function is wrapped
 * to enforce the start-up and allocator restrictions (a violation traps "restricted_callback").
 */
import type { ModuleInfo } from "../abi/module-info.ts";
import type { Vm } from "../vm.ts";
import { type AbiVersion, type ImportArea } from "./registry.ts";
/** Every import area, in registration order. Add new areas here. */
export declare const IMPORT_AREAS: readonly ImportArea[];
/** Returns the import object for `WebAssembly.instantiate`, or throws an Error naming the bad import. */
export declare function linkImports(vm: Vm, info: ModuleInfo, abi: AbiVersion): WebAssembly.Imports;
