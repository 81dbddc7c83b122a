import { type Cluster, type TcpProxyListener, type WasmFilter } from "./config.ts";
export interface StartEnvoyOptions {
    /** A complete bootstrap object (e.g. from buildBootstrap) ... */
    bootstrap?: Record<string, unknown>;
    /** ... or a bootstrap file on disk ... */
    bootstrapPath?: string;
    /** ... or the pieces, built with buildBootstrap: filters + upstream | directResponse. */
    filters?: WasmFilter[];
    upstream?: {
        host: string;
        port: number;
        timeoutMs?: number;
    };
    directResponse?: {
        status: number;
        body?: string;
    };
    clusters?: Cluster[];
    /** TCP listeners with network Wasm filters before tcp_proxy (ports read back into listenerPorts). */
    tcpProxies?: TcpProxyListener[];
    allowOnHeadersStopIteration?: boolean;
    accessLog?: boolean;
    /** Listener / admin ports for the built bootstrap. Default 0 (ephemeral, read back after start). */
    listenerPort?: number;
    adminPort?: number;
    /** Bind address of listener and admin for the built bootstrap. Default 127.0.0.1. */
    address?: string;
    /** Worker threads (--concurrency). Default: Envoy's own (one per core). */
    concurrency?: number;
    /** --log-level. Default info. */
    logLevel?: "trace" | "debug" | "info" | "warning" | "error" | "critical" | "off";
    /** --component-log-level, e.g. "wasm:debug,http:debug". */
    componentLogLevel?: string;
    /** How often Envoy flushes access logs written to stderr/files (--file-flush-interval-msec). Default 250 (Envoy: 10 s). */
    fileFlushIntervalMs?: number;
    /** More command-line arguments. */
    args?: string[];
    /** Envoy binary. Default: ensureEnvoy(). */
    envoyBin?: string;
    /** Working directory of Envoy (relative paths in the bootstrap resolve against it). Default process.cwd(). */
    cwd?: string;
    /** How long to wait for /ready = LIVE. Default 60 s. */
    startTimeoutMs?: number;
    /** SIGTERM grace before SIGKILL in stop(). Default 5 s. */
    stopGraceMs?: number;
    /** Mirror Envoy's log to our stderr as it comes. Default false. */
    echoLogs?: boolean;
    /** Called with each chunk of Envoy's log output as it arrives. */
    onLog?: (chunk: string) => void;
}
export interface RunningEnvoy {
    listenerUrl: string;
    adminUrl: string;
    listenerPort: number;
    /** The bound port of every listener by name ("main", TCP proxy listeners, …). */
    listenerPorts: Map<string, number>;
    adminPort: number;
    pid: number;
    /** Directory holding the bootstrap and admin address file. Removed by stop(). */
    workDir: string;
    bootstrapPath: string;
    /** All counters and gauges (histograms are left out). */
    stats(): Promise<Map<string, number>>;
    /** One counter or gauge; undefined if Envoy has no such stat. */
    stat(name: string): Promise<number | undefined>;
    /** GET /config_dump as JSON. */
    configDump(): Promise<unknown>;
    /** Envoy's log (stderr) so far. */
    logs(): string;
    /** Resolve with the first match of `re` in the log (past or future); reject after timeoutMs. */
    waitForLog(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
    /** Whether the process is still running. */
    running(): boolean;
    /** Resolves when Envoy exits (for whatever reason), with its exit code or signal. */
    exited: Promise<{
        code: number | null;
        signal: NodeJS.Signals | null;
    }>;
    /** SIGTERM, then SIGKILL after the grace period; resolves when Envoy has exited. Idempotent. */
    stop(): Promise<void>;
}
export declare class EnvoyStartError extends Error {
    readonly logs: string;
    readonly exitCode: number | null;
    constructor(message: string, logs: string, exitCode: number | null);
}
/** Last `n` lines of a log, for error messages. */
export declare function tail(text: string, n?: number): string;
export declare function startEnvoy(o: StartEnvoyOptions): Promise<RunningEnvoy>;
/** Parse admin /stats text ("name: value" lines); histogram lines are skipped. */
export declare function parseStats(text: string): Map<string, number>;
/** Throw a clear error if host:port cannot be bound (e.g. another Envoy already uses it). */
export declare function assertPortFree(port: number, host?: string, what?: string): Promise<void>;
