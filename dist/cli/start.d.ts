import { type FilterRef } from "../build/catalog.ts";
import { HotReloader } from "../dev/reloader.ts";
import { type RunningEnvoy } from "../envoy/launcher.ts";
export interface StartOptions {
    listenerPort?: number;
    adminPort?: number;
    upstreamPort?: number;
    /** Only these filters (names), default every filter of the project. */
    filters?: string[];
    /** Plugin configuration file per filter name (default: the filter's config.json). */
    configs?: Record<string, string>;
    /** Directory with the built modules. Default <package>/build. */
    buildDir?: string;
    concurrency?: number;
    logLevel?: "trace" | "debug" | "info" | "warning" | "error";
    /** Print all of Envoy's log, not just Wasm logs, warnings and access-log lines. */
    verbose?: boolean;
    /** Hot reload: serve filters through ECDS and swap them when their sources change. Default false here, true for the command. */
    watch?: boolean;
    /** The project (its assembly/filters, build/). Default: the nearest folder with package.json. */
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
export declare const START_USAGE = "usage: envoy-as start [--filter NAME]... [--config [NAME=]FILE]... [options]\n  Builds the project's filters (or only the --filter ones), starts Envoy 1.40 with them in front of a\n  demo echo upstream, and hot-reloads a filter when its sources or config.json change.\n  --filter NAME          serve only these (repeatable, in order); a name the project does not have is taken\n                         from the filters shipped with envoy-as (auth, header-rewrite, rate-limit)\n  --config [NAME=]FILE   plugin configuration for NAME (default: its config.json); NAME= may be left out\n                         when one filter is served\n  --port N               listener port (env ENVOY_AS_PORT, default 10000)\n  --admin-port N         Envoy admin port (env ENVOY_AS_ADMIN_PORT, default 9901)\n  --upstream-port N      demo upstream port (env ENVOY_AS_UPSTREAM_PORT, default 8081)\n  --concurrency N        Envoy worker threads    --log-level trace|debug|info|warning|error\n  --verbose, -v          all of Envoy's log      --no-watch   no hot reload\n  --dev-opt 0-3          asc optimizeLevel of hot-reload builds (default 0)";
/** Parses `envoy-as start` arguments (undefined after --help). Throws UsageError before any work. */
export declare function parseStartArgs(args: string[], env?: NodeJS.ProcessEnv): StartOptions | undefined;
/** Built filters: build/<name>.wasm, excluding <name>.debug.wasm. */
export declare function builtFilters(buildDir: string): string[];
/**
 * Cluster names the filters' configurations call out to (any "cluster" field), e.g. the auth
 * sample's remote JWKS "idp". The demo points them at the echo upstream so callouts resolve.
 */
export declare function referencedClusters(configurations: unknown[]): string[];
/** Example requests for the filters being served (the sample configurations' behaviour). */
export declare function tryLines(filters: string[], url: string): string[];
/**
 * The filters `start` serves: the named ones (the project's, else shipped with envoy-as), or
 * every filter of the project. Throws UnknownFilterError / an error saying how to add one.
 */
export declare function servedFilters(projectRoot: string, names?: string[]): FilterRef[];
/** Fixed ports must be free: checked first, so the error names the port instead of Envoy's "cannot bind". */
export declare function checkPorts(o: Pick<StartOptions, "listenerPort" | "adminPort" | "upstreamPort">): Promise<void>;
/** Start the upstream and Envoy; resolves when both serve. Throws a clear error if a port is taken. */
export declare function startDemo(o?: StartOptions): Promise<StartedDemo>;
/** The command: start, print where things are, run until Ctrl-C / SIGTERM. Resolves with the exit code. */
export declare function start(argsOrOptions?: string[] | StartOptions): Promise<number>;
