import { HotReloader } from "../dev/reloader.ts";
import { type RunningEnvoy } from "../envoy/launcher.ts";
export interface StartOptions {
    listenerPort?: number;
    adminPort?: number;
    upstreamPort?: number;
    /** Only these filters (names), default all built ones. */
    filters?: string[];
    /** Directory with the built modules. Default <package>/build. */
    buildDir?: string;
    concurrency?: number;
    logLevel?: "trace" | "debug" | "info" | "warning" | "error";
    /** Print all of Envoy's log, not just Wasm logs, warnings and access-log lines. */
    verbose?: boolean;
    /** Hot reload: serve filters through ECDS and swap them when their sources change. Default false here, true for the command. */
    watch?: boolean;
    /** Project whose assembly/ is watched. Default: the package root (where build/ is). */
    projectRoot?: string;
    /** asc optimizeLevel of hot-reload builds (0-3). Default 0. */
    devOptimizeLevel?: number;
    /** Where hot-reload reports go. Default: stdout. */
    onReloadLine?: (line: string) => void;
}
export interface StartedDemo {
    listenerUrl: string;
    adminUrl: string;
    upstreamUrl: string;
    filters: string[];
    bootstrapPath: string;
    envoy: RunningEnvoy;
    /** With watch: the reloader (filters it manages, reload()) and its control server URL. */
    reloader?: HotReloader;
    controlUrl?: string;
    /** Stop Envoy and the upstream; idempotent. */
    stop(): Promise<void>;
}
export declare function parseStartArgs(args: string[], env?: NodeJS.ProcessEnv): StartOptions;
/** Built filters: build/<name>.wasm, excluding <name>.debug.wasm. */
export declare function builtFilters(buildDir: string): string[];
/**
 * Cluster names the filters' configurations call out to (any "cluster" field), e.g. the auth
 * sample's remote JWKS "idp". The demo points them at the echo upstream so callouts resolve.
 */
export declare function referencedClusters(configurations: unknown[]): string[];
/** Example requests for the filters being served (the sample configurations' behaviour). */
export declare function tryLines(filters: string[], url: string): string[];
/** Start the upstream and Envoy; resolves when both serve. Throws a clear error if a port is taken. */
export declare function startDemo(o?: StartOptions): Promise<StartedDemo>;
/** The command: start, print where things are, run until Ctrl-C / SIGTERM. Resolves with the exit code. */
export declare function start(argsOrOptions?: string[] | StartOptions): Promise<number>;
