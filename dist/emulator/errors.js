/** Errors the emulator throws. Each names the filter (VM or plugin) and the callback involved. */
/**
 * A guest callback trapped (WebAssembly.RuntimeError, an abort, or a host-enforced trap such as
 * "restricted_callback"). Like Envoy (§5.6) the VM is failed afterwards: no further callbacks
 * reach it.
 *
 * The message reads `<filter> trapped in <callback>: <abortMessage> at <location>`.
 */
export class FilterTrap extends Error {
    filter;
    callback;
    abortMessage;
    location;
    name = "FilterTrap";
    constructor(
    /** The plugin name (or VM name when no plugin was involved). */
    filter, 
    /** The guest export that trapped, e.g. `proxy_on_request_headers` or `_start`. */
    callback, 
    /** The abort message when the guest aborted, else the engine's trap message (e.g. "unreachable"). */
    abortMessage, 
    /** `file:line:col` of the abort when known. */
    location, options) {
        super(`${filter} trapped in ${callback}: ${abortMessage}${location ? ` at ${location}` : ""}`, options);
        this.filter = filter;
        this.callback = callback;
        this.abortMessage = abortMessage;
        this.location = location;
    }
}
/**
 * `proxy_on_vm_start` or `proxy_on_configure` returned false, so Envoy would refuse the
 * configuration (startup failure or xDS NACK). The message includes the error/critical log lines
 * the filter emitted while starting.
 */
export class ConfigureRejected extends Error {
    plugin;
    callback;
    errorLogs;
    name = "ConfigureRejected";
    constructor(
    /** The plugin name. */
    plugin, 
    /** `proxy_on_vm_start` or `proxy_on_configure`. */
    callback, 
    /** The error and critical log messages emitted by the plugin during creation. */
    errorLogs) {
        super(`${plugin}: ${callback} returned false; Envoy would reject the configuration` +
            (errorLogs.length ? `\n  filter logs:\n${errorLogs.map((l) => `    ${l}`).join("\n")}` : ""));
        this.plugin = plugin;
        this.callback = callback;
        this.errorLogs = errorLogs;
    }
}
/** The module could not be loaded: bad binary, missing ABI marker or allocator, unknown import, signature mismatch. */
export class VmLoadError extends Error {
    vm;
    name = "VmLoadError";
    constructor(
    /** The VM name (by default the file's base name). */
    vm, message, options) {
        super(`${vm}: ${message}`, options);
        this.vm = vm;
    }
}
/** A call reached a VM that has already failed (trapped); Envoy never calls such a VM again. */
export class VmFailedError extends Error {
    vm;
    trap;
    name = "VmFailedError";
    constructor(vm, 
    /** The trap that failed the VM. */
    trap) {
        super(`VM failed: ${vm} trapped earlier (${trap.message}); Envoy sends no further callbacks to it`);
        this.vm = vm;
        this.trap = trap;
    }
}
/**
 * Thrown by a host function to trap the guest (e.g. a restricted host call or `env.abort`).
 * The VM converts it into a {@link FilterTrap}. Internal to the emulator.
 */
export class HostTrap extends Error {
    location;
    name = "HostTrap";
    constructor(message, 
    /** `file:line:col` when known (env.abort). */
    location) {
        super(message);
        this.location = location;
    }
}
