/** Errors the emulator throws. Each names the filter (VM or plugin) and the callback involved. */
/**
 * A guest callback trapped (WebAssembly.RuntimeError, an abort, or a host-enforced trap such as
 * "restricted_callback"). Like Envoy (§5.6) the VM is failed afterwards: no further callbacks
 * reach it.
 *
 * The message reads `<filter> trapped in <callback>: <abortMessage> at <location>`.
 */
export declare class FilterTrap extends Error {
    /** The plugin name (or VM name when no plugin was involved). */
    readonly filter: string;
    /** The guest export that trapped, e.g. `proxy_on_request_headers` or `_start`. */
    readonly callback: string;
    /** The abort message when the guest aborted, else the engine's trap message (e.g. "unreachable"). */
    readonly abortMessage: string;
    /** `file:line:col` of the abort when known. */
    readonly location: string | undefined;
    name: string;
    constructor(
    /** The plugin name (or VM name when no plugin was involved). */
    filter: string, 
    /** The guest export that trapped, e.g. `proxy_on_request_headers` or `_start`. */
    callback: string, 
    /** The abort message when the guest aborted, else the engine's trap message (e.g. "unreachable"). */
    abortMessage: string, 
    /** `file:line:col` of the abort when known. */
    location: string | undefined, options?: {
        cause?: unknown;
    });
}
/**
 * `proxy_on_vm_start` or `proxy_on_configure` returned false, so Envoy would refuse the
 * configuration (startup failure or xDS NACK). The message includes the error/critical log lines
 * the filter emitted while starting.
 */
export declare class ConfigureRejected extends Error {
    /** The plugin name. */
    readonly plugin: string;
    /** `proxy_on_vm_start` or `proxy_on_configure`. */
    readonly callback: string;
    /** The error and critical log messages emitted by the plugin during creation. */
    readonly errorLogs: string[];
    name: string;
    constructor(
    /** The plugin name. */
    plugin: string, 
    /** `proxy_on_vm_start` or `proxy_on_configure`. */
    callback: string, 
    /** The error and critical log messages emitted by the plugin during creation. */
    errorLogs: string[]);
}
/** The module could not be loaded: bad binary, missing ABI marker or allocator, unknown import, signature mismatch. */
export declare class VmLoadError extends Error {
    /** The VM name (by default the file's base name). */
    readonly vm: string;
    name: string;
    constructor(
    /** The VM name (by default the file's base name). */
    vm: string, message: string, options?: {
        cause?: unknown;
    });
}
/** A call reached a VM that has already failed (trapped); Envoy never calls such a VM again. */
export declare class VmFailedError extends Error {
    readonly vm: string;
    /** The trap that failed the VM. */
    readonly trap: FilterTrap;
    name: string;
    constructor(vm: string, 
    /** The trap that failed the VM. */
    trap: FilterTrap);
}
/**
 * Thrown by a host function to trap the guest (e.g. a restricted host call or `env.abort`).
 * The VM converts it into a {@link FilterTrap}. Internal to the emulator.
 */
export declare class HostTrap extends Error {
    /** `file:line:col` when known (env.abort). */
    readonly location?: string | undefined;
    name: string;
    constructor(message: string, 
    /** `file:line:col` when known (env.abort). */
    location?: string | undefined);
}
