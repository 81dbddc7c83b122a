/** Shorthand for declaring a host function. */
export function hostFn(signature, impl, abi) {
    return { signature, impl, abi };
}
/** Module names a `"wasi"` area is registered under. */
export const WASI_MODULES = ["wasi_snapshot_preview1", "wasi_unstable"];
const WASI_START = ["fd_write", "args_sizes_get", "args_get", "environ_sizes_get", "environ_get", "clock_time_get", "random_get", "poll_oneoff", "fd_fdstat_get", "fd_fdstat_set_flags"];
/** Host calls allowed while `_initialize` / `main` / `_start` run (cpp-host's restricted callback). */
export const ALLOWED_DURING_START = new Set([
    "env.proxy_log",
    "env.abort",
    ...WASI_MODULES.flatMap((m) => WASI_START.map((f) => `${m}.${f}`)),
]);
/** Host calls allowed while the host is inside the guest allocator. */
export const ALLOWED_DURING_ALLOCATION = new Set([
    "env.proxy_log",
    "env.abort",
    ...WASI_MODULES.flatMap((m) => ["fd_write", "clock_time_get", "poll_oneoff"].map((f) => `${m}.${f}`)),
]);
