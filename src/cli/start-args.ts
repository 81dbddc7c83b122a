// `envoy-as start` arguments: the options of startDemo, and how flags and environment set them.
import { bool, intArg, parseCommand, str, strs, UsageError } from "./args.ts";

export interface StartOptions {
  listenerPort?: number;
  adminPort?: number;
  upstreamPort?: number;
  /** Only these filters (names), default every filter of the project. */
  filters?: string[];
  /** Plugin configuration file per filter name (default: the filter's config.json). */
  configs?: Record<string, string>;
  /** Upstream clusters for callouts (--cluster NAME=HOST:PORT); others named by a configuration go to the echo upstream. */
  clusters?: Record<string, { host: string; port: number }>;
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
  /** Where the Envoy log lines shown go (Wasm logs, warnings, access log; everything with verbose). Default: stderr. */
  onEnvoyLine?: (line: string) => void;
}

export const START_USAGE = `usage: envoy-as start [--filter NAME]... [--config [NAME=]FILE]... [options]
  Builds the project's filters (or only the --filter ones), starts Envoy 1.40 with them in front of a
  demo echo upstream, and hot-reloads a filter when its sources or config.json change.
  --filter NAME          serve only these (repeatable, in order); a name the project does not have is taken
                         from the filters shipped with envoy-as (auth, header-rewrite, rate-limit)
  --config [NAME=]FILE   plugin configuration for NAME (default: its config.json); NAME= may be left out
                         when one filter is served
  --port N               listener port (env ENVOY_AS_PORT, default 10000)
  --admin-port N         Envoy admin port (env ENVOY_AS_ADMIN_PORT, default 9901)
  --upstream-port N      demo upstream port (env ENVOY_AS_UPSTREAM_PORT, default 8081)
  --cluster NAME=HOST:PORT  an upstream cluster for callouts (repeatable); a cluster a configuration names
                         without --cluster goes to the echo upstream. Clusters are set when Envoy starts:
                         a reloaded configuration that names a new one needs a restart
  --concurrency N        Envoy worker threads    --log-level trace|debug|info|warning|error
  --verbose, -v          all of Envoy's log      --no-watch   no hot reload
  --dev-opt 0-3          asc optimizeLevel of hot-reload builds (default 0)`;

const LOG_LEVELS = ["trace", "debug", "info", "warning", "error"] as const;

function envPort(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === "") return undefined;
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`${name}: expected a port number (0-65535), got "${v}"`);
  return Number(v);
}

/** Parses `envoy-as start` arguments (undefined after --help). Throws UsageError before any work. */
export function parseStartArgs(args: string[], env: NodeJS.ProcessEnv = process.env): StartOptions | undefined {
  const p = parseCommand(
    {
      usage: START_USAGE,
      positionals: [0, 0],
      options: {
        port: { type: "string", short: "p" },
        "admin-port": { type: "string" },
        "upstream-port": { type: "string" },
        filter: { type: "string", multiple: true },
        config: { type: "string", multiple: true },
        cluster: { type: "string", multiple: true },
        concurrency: { type: "string" },
        "log-level": { type: "string" },
        verbose: { type: "boolean", short: "v" },
        "no-watch": { type: "boolean" },
        "dev-opt": { type: "string" },
      },
    },
    args,
  );
  if (!p) return undefined;
  const level = str(p, "log-level");
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(", ")}, got "${level}"`);
  const filters = strs(p, "filter");
  const configs: Record<string, string> = {};
  for (const c of strs(p, "config")) {
    const eq = c.indexOf("=");
    const named = eq > 0 && /^[a-z][a-z0-9-]*$/.test(c.slice(0, eq));
    const name = named ? c.slice(0, eq) : filters.length === 1 ? filters[0]! : undefined;
    if (!name) throw new UsageError(`--config ${c}: say which filter it is for (--config NAME=FILE) when serving ${filters.length ? "several filters" : "all filters"}`);
    if (filters.length && !filters.includes(name)) throw new UsageError(`--config ${c}: filter "${name}" is not among --filter ${filters.join(", ")}`);
    configs[name] = named ? c.slice(eq + 1) : c;
  }
  const clusters: Record<string, { host: string; port: number }> = {};
  for (const c of strs(p, "cluster")) {
    const m = /^([A-Za-z0-9_.-]+)=(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(c);
    if (!m || Number(m[3]) > 65535) throw new UsageError(`--cluster ${c}: expected NAME=HOST:PORT, e.g. --cluster idp=127.0.0.1:8443`);
    clusters[m[1]!] = { host: m[2]!.replace(/^\[|\]$/g, ""), port: Number(m[3]) };
  }
  return {
    clusters,
    listenerPort: intArg(p, "port", 0, 65535, "a port number") ?? envPort(env, "ENVOY_AS_PORT"),
    adminPort: intArg(p, "admin-port", 0, 65535, "a port number") ?? envPort(env, "ENVOY_AS_ADMIN_PORT"),
    upstreamPort: intArg(p, "upstream-port", 0, 65535, "a port number") ?? envPort(env, "ENVOY_AS_UPSTREAM_PORT"),
    filters: filters.length ? filters : undefined,
    configs,
    concurrency: intArg(p, "concurrency", 1, 64),
    logLevel: level as StartOptions["logLevel"],
    verbose: bool(p, "verbose"),
    watch: !bool(p, "no-watch"),
    devOptimizeLevel: intArg(p, "dev-opt", 0, 3),
  };
}
