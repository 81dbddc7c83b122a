/** Log records the host keeps for tests (`host.logs`) and level-name helpers. */
import { LogLevel } from "./abi/enums.ts";

/** Lower-case names of the log levels. */
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "critical";

const NAMES: readonly LogLevelName[] = ["trace", "debug", "info", "warn", "error", "critical"];

/** Envoy's extra level reported by `proxy_get_log_level` when logging is off. No ABI name. */
export const LOG_LEVEL_OFF = 6;

/** One line logged by a guest via `proxy_log` or WASI `fd_write`. */
export interface LogEntry {
  level: LogLevel;
  levelName: LogLevelName;
  message: string;
  /** The context that logged it (0 = VM context during start-up). */
  contextId: number;
  /** The VM name. */
  vm: string;
  /** The plugin name, when the line came from a plugin's root or stream context. */
  plugin: string | undefined;
}

/** Maps a level number to its lower-case name. */
export function logLevelName(level: LogLevel): LogLevelName {
  return NAMES[level];
}

/** Maps a level name (any case) or number to a {@link LogLevel}; throws on unknown names. */
export function toLogLevel(level: LogLevel | LogLevelName | string): LogLevel {
  if (typeof level === "number") return level;
  const index = NAMES.indexOf(level.toLowerCase() as LogLevelName);
  if (index < 0) throw new Error(`unknown log level "${level}" (expected one of ${NAMES.join(", ")})`);
  return index as LogLevel;
}

/** Matches our SDK's abort line: `abort: <message> at <file>:<line>:<col>`. */
const ABORT_LINE = /^abort: ([\s\S]*?)(?: at (\S+:\d+:\d+))?$/;

/** Parses an SDK abort log line into message and location, or undefined if it isn't one. */
export function parseAbortLine(message: string): { message: string; location?: string } | undefined {
  const m = ABORT_LINE.exec(message);
  return m ? { message: m[1], location: m[2] } : undefined;
}
