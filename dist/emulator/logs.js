const NAMES = ["trace", "debug", "info", "warn", "error", "critical"];
/** Envoy's extra level reported by `proxy_get_log_level` when logging is off. No ABI name. */
export const LOG_LEVEL_OFF = 6;
/** Maps a level number to its lower-case name. */
export function logLevelName(level) {
    return NAMES[level];
}
/** Maps a level name (any case) or number to a {@link LogLevel}; throws on unknown names. */
export function toLogLevel(level) {
    if (typeof level === "number")
        return level;
    const index = NAMES.indexOf(level.toLowerCase());
    if (index < 0)
        throw new Error(`unknown log level "${level}" (expected one of ${NAMES.join(", ")})`);
    return index;
}
/** Matches our SDK's abort line: `abort: <message> at <file>:<line>:<col>`. */
const ABORT_LINE = /^abort: ([\s\S]*?)(?: at (\S+:\d+:\d+))?$/;
/** Parses an SDK abort log line into message and location, or undefined if it isn't one. */
export function parseAbortLine(message) {
    const m = ABORT_LINE.exec(message);
    return m ? { message: m[1], location: m[2] } : undefined;
}
