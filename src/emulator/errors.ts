/** Errors the emulator throws. Each names the filter (VM or plugin) and the callback involved. */

/**
 * A guest callback trapped (WebAssembly.RuntimeError, an abort, or a host-enforced trap such as
 * "restricted_callback"). Like Envoy (§5.6) the VM is failed afterwards: no further callbacks
 * reach it.
 *
 * The message reads `<filter> trapped in <callback>: <abortMessage> at <location>`.
 */
export class FilterTrap extends Error {
  override name = "FilterTrap";
  constructor(
    /** The plugin name (or VM name when no plugin was involved). */
    readonly filter: string,
    /** The guest export that trapped, e.g. `proxy_on_request_headers` or `_start`. */
    readonly callback: string,
    /** The abort message when the guest aborted, else the engine's trap message (e.g. "unreachable"). */
    readonly abortMessage: string,
    /** `file:line:col` of the abort when known. */
    readonly location: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${filter} trapped in ${callback}: ${abortMessage}${location ? ` at ${location}` : ""}`, options);
  }
}

/**
 * `proxy_on_vm_start` or `proxy_on_configure` returned false, so Envoy would refuse the
 * configuration (startup failure or xDS NACK). The message includes the error/critical log lines
 * the filter emitted while starting.
 */
export class ConfigureRejected extends Error {
  override name = "ConfigureRejected";
  constructor(
    /** The plugin name. */
    readonly plugin: string,
    /** `proxy_on_vm_start` or `proxy_on_configure`. */
    readonly callback: string,
    /** The error and critical log messages emitted by the plugin during creation. */
    readonly errorLogs: string[],
  ) {
    super(
      `${plugin}: ${callback} returned false; Envoy would reject the configuration` +
        (errorLogs.length ? `\n  filter logs:\n${errorLogs.map((l) => `    ${l}`).join("\n")}` : ""),
    );
  }
}

/** The module could not be loaded: bad binary, missing ABI marker or allocator, unknown import, signature mismatch. */
export class VmLoadError extends Error {
  override name = "VmLoadError";
  constructor(
    /** The VM name (by default the file's base name). */
    readonly vm: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${vm}: ${message}`, options);
  }
}

/** A call reached a VM that has already failed (trapped); Envoy never calls such a VM again. */
export class VmFailedError extends Error {
  override name = "VmFailedError";
  constructor(
    readonly vm: string,
    /** The trap that failed the VM. */
    readonly trap: FilterTrap,
  ) {
    super(`VM failed: ${vm} trapped earlier (${trap.message}); Envoy sends no further callbacks to it`);
  }
}

/**
 * Thrown by a host function to trap the guest (e.g. a restricted host call or `env.abort`).
 * The VM converts it into a {@link FilterTrap}. Internal to the emulator.
 */
export class HostTrap extends Error {
  override name = "HostTrap";
  constructor(
    message: string,
    /** `file:line:col` when known (env.abort). */
    readonly location?: string,
  ) {
    super(message);
  }
}
