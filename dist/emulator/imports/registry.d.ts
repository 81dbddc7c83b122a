/**
 * The import registry: host functions grouped by area, one file per area.
 *
 * Adding an area is one new file exporting an {@link ImportArea} plus one line in `index.ts`.
 * Linking checks what the module declares against what the areas offer, like cpp-host:
 * unknown imports and signature mismatches fail the load, version-gated imports exist only for
 * the matching ABI marker, and start-up/allocator phases restrict which host calls may run.
 */
import type { Signature } from "../abi/module-info.ts";
import type { Vm } from "../vm.ts";
/** ABI versions the emulator runs. */
export type AbiVersion = "0.2.0" | "0.2.1";
/** The JS implementation of a host function. i32 arguments arrive signed; i64 as bigint. */
export type HostImpl = (...args: any[]) => number | void;
/** One host function with the signature cpp-host registers it with. */
export interface HostFunction {
    signature: Signature;
    /** ABI markers under which the host registers it; all 0.2.x when absent. */
    abi?: readonly AbiVersion[];
    impl: HostImpl;
}
/** A group of host functions living in one module namespace. */
export interface ImportArea {
    /** `"wasi"` registers the functions under both `wasi_snapshot_preview1` and `wasi_unstable`. */
    module: "env" | "wasi";
    /** Builds the area's functions bound to one VM instance. */
    create(vm: Vm): Record<string, HostFunction>;
}
/** Shorthand for declaring a host function. */
export declare function hostFn(signature: Signature, impl: HostImpl, abi?: readonly AbiVersion[]): HostFunction;
/** Module names a `"wasi"` area is registered under. */
export declare const WASI_MODULES: readonly ["wasi_snapshot_preview1", "wasi_unstable"];
/** Host calls allowed while `_initialize` / `main` / `_start` run (cpp-host's restricted callback). */
export declare const ALLOWED_DURING_START: ReadonlySet<string>;
/** Host calls allowed while the host is inside the guest allocator. */
export declare const ALLOWED_DURING_ALLOCATION: ReadonlySet<string>;
