/**
 * The import registry: host functions grouped by area, one file per area.
 *
 * Adding an area is one new file exporting an {@link ImportArea} plus one line in `index.ts`.
 * Linking checks what the module declares against what the areas offer, like cpp-host:
 * unknown imports and signature mismatches fail the load, version-gated imports exist only for
 * the matching ABI marker, and start-up/allocator phases restrict which host calls may run.
 */
import type { Signature } from "../abi/module-info.ts";
import type { AbiVersion } from "../abi/exports.ts";
import type { Vm } from "../vm.ts";

/** The JS implementation of a host function. i32 arguments arrive signed; i64 as bigint. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
export function hostFn(signature: Signature, impl: HostImpl, abi?: readonly AbiVersion[]): HostFunction {
  return { signature, impl, abi };
}

/** Module names a `"wasi"` area is registered under. */
export const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"] as const;

/**
 * WASI calls cpp-host allows during start-up (`WasmBase::startVm`, as linked in Envoy 1.40):
 * stdio, args, environment, clocks, random, Go's runtime initialization, and the file-system
 * stubs global initializers may reach. Not fd_read, fd_seek, fd_close, path_open, sched_yield,
 * proc_exit.
 */
const WASI_START = [
  "fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get", "clock_time_get", "clock_res_get",
  "random_get", "poll_oneoff", "fd_fdstat_get", "fd_fdstat_set_flags",
  "fd_advise", "fd_allocate", "fd_datasync", "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
  "fd_filestat_set_times", "fd_pread", "fd_prestat_dir_name", "fd_prestat_get", "fd_pwrite", "fd_readdir",
  "fd_renumber", "fd_sync", "fd_tell", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
  "path_link", "path_readlink", "path_remove_directory", "path_rename", "path_symlink", "path_unlink_file",
  "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
];

/** Host calls allowed while `_initialize` / `main` / `_start` run (cpp-host's restricted callback). */
export const ALLOWED_DURING_START: ReadonlySet<string> = new Set([
  "env.proxy_log",
  "env.abort",
  "env.emscripten_notify_memory_growth",
  ...WASI_MODULES.flatMap((m) => WASI_START.map((f) => `${m}.${f}`)),
]);

/** Host calls allowed while the host is inside the guest allocator. */
export const ALLOWED_DURING_ALLOCATION: ReadonlySet<string> = new Set([
  "env.proxy_log",
  "env.abort",
  ...WASI_MODULES.flatMap((m) => ["fd_write", "clock_time_get", "poll_oneoff"].map((f) => `${m}.${f}`)),
]);
