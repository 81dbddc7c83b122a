// Logging through Envoy's logger (`proxy_log`). Envoy prefixes each line with
// "wasm log <plugin_name> <root_id> <vm_id>:", so messages need not repeat the filter's name.
import { proxy_get_log_level, proxy_log } from "../abi/imports";
import { LogLevel } from "../abi/enums";
import { OUT_PTR, scratchLen, scratchReset, scratchString } from "../abi/memory";

/** Logs `message` at `level`. May be called from any callback, including top-level code. */
export function logAt(level: LogLevel, message: string): void {
  scratchReset();
  const ptr = scratchString(message);
  proxy_log(<u32>level, ptr, scratchLen);
}

/**
 * The level Envoy logs at now (0 trace … 5 critical, 6 off). It can change at any time, so
 * read it when you need it; use it to skip building expensive messages. Callable anywhere
 * but top-level code; returns Trace if the host does not answer.
 */
export function logLevel(): LogLevel {
  if (proxy_get_log_level(OUT_PTR) != 0) return LogLevel.Trace;
  return <LogLevel>load<u32>(OUT_PTR);
}

/** True if a message at `level` would be written. */
export function logEnabled(level: LogLevel): bool {
  return level >= logLevel();
}

/** Log functions by level: `log.info("…")`. Callable from any callback. */
export namespace log {
  /** Logs at trace level. */
  export function trace(message: string): void { logAt(LogLevel.Trace, message); }
  /** Logs at debug level. */
  export function debug(message: string): void { logAt(LogLevel.Debug, message); }
  /** Logs at info level. */
  export function info(message: string): void { logAt(LogLevel.Info, message); }
  /** Logs at warn level. */
  export function warn(message: string): void { logAt(LogLevel.Warn, message); }
  /** Logs at error level. */
  export function error(message: string): void { logAt(LogLevel.Error, message); }
  /** Logs at critical level. */
  export function critical(message: string): void { logAt(LogLevel.Critical, message); }
}
