/** Log records the host keeps for tests (`host.logs`) and level-name helpers. */
import { LogLevel } from "./abi/enums.ts";
/** Lower-case names of the log levels. */
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "critical";
/** Envoy's extra level reported by `proxy_get_log_level` when logging is off. No ABI name. */
export declare const LOG_LEVEL_OFF = 6;
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
export declare function logLevelName(level: LogLevel): LogLevelName;
/** Maps a level name (any case) or number to a {@link LogLevel}; throws on unknown names. */
export declare function toLogLevel(level: LogLevel | LogLevelName | string): LogLevel;
/** Parses an SDK abort log line into message and location, or undefined if it isn't one. */
export declare function parseAbortLine(message: string): {
    message: string;
    location?: string;
} | undefined;
