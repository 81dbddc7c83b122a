// `envoy-as start` / `npm start` (after the build): serve every built filter through a real Envoy in
// front of the echo upstream, until Ctrl-C or SIGTERM; then stop everything that was started.
//
//   build/<name>.wasm (not *.debug.wasm) → one Wasm HTTP filter each, in name order, with
//   assembly/filters/<name>/config.json as plugin configuration ({} if there is none).
//
// Hot reload (the command's default; `--no-watch` turns it off, startDemo() needs `watch: true`):
// filters with sources under assembly/filters are wired through ECDS (build/dev/<name>.ecds.yaml)
// and src/dev/reloader.ts swaps them on every save of assembly/filters/<name>/**, assembly/sdk/**
// or assembly/lib/** (and asconfig.json), printing one line per reload. `envoy-as reload` (src/cli/reload.ts) asks the
// running process for a reload through the control server named in build/dev/state.json.
//
// Ports (flag / environment / default): listener --port ENVOY_AS_PORT 10000, admin --admin-port
// ENVOY_AS_ADMIN_PORT 9901, upstream --upstream-port ENVOY_AS_UPSTREAM_PORT 8081.

import { existsSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { lookupFilter, projectFilters, readConfigFile, type FilterRef } from "../build/catalog.ts";
import { bool, intArg, parseCommand, str, strs, UsageError } from "./args.ts";
import { readState, startControlServer, type ControlServer } from "../dev/control.ts";
import { HotReloader, formatReport } from "../dev/reloader.ts";
import { ACCESS_LOG_FORMAT, type WasmFilter } from "../envoy/config.ts";
import { buildBootstrap, toYaml, writeFileAtomic } from "../envoy/config.ts";
import { envoyVersion, ensureEnvoy } from "../envoy/install.ts";
import { findProjectRoot } from "../paths.ts";
import { assertPortFree, startEnvoy, tail, type RunningEnvoy } from "../envoy/launcher.ts";
import { startEcho, type EchoServer } from "../upstream/echo.ts";

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

/** Built filters: build/<name>.wasm, excluding <name>.debug.wasm. */
export function builtFilters(buildDir: string): string[] {
  if (!existsSync(buildDir)) return [];
  return readdirSync(buildDir)
    .filter((f) => f.endsWith(".wasm") && !f.endsWith(".debug.wasm"))
    .map((f) => f.slice(0, -".wasm".length))
    .sort();
}

let instances = 0;

/**
 * Cluster names the filters' configurations call out to (any "cluster" field), e.g. the auth
 * sample's remote JWKS "idp". The demo points them at the echo upstream so callouts resolve.
 */
export function referencedClusters(configurations: unknown[]): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "cluster" && typeof x === "string" && x !== "upstream") names.add(x);
        else walk(x);
      }
    }
  };
  configurations.forEach(walk);
  return [...names].sort();
}

/**
 * The clusters of the demo bootstrap: each `--cluster NAME=HOST:PORT`, and every other cluster a
 * configuration names, pointed at the echo upstream (so a callout resolves and answers with what
 * it was sent). Clusters are fixed when Envoy starts: a configuration reloaded later that names a
 * new cluster needs a restart (or a --cluster).
 */
export function demoClusters(configurations: unknown[], declared: Record<string, { host: string; port: number }>, echoPort: number): { name: string; host: string; port: number }[] {
  const names = new Set([...Object.keys(declared), ...referencedClusters(configurations)]);
  return [...names].sort().map((name) => ({ name, ...(declared[name] ?? { host: "127.0.0.1", port: echoPort }) }));
}

/** Clusters the filter's config.json names that are not among `known` (a reload cannot add clusters). */
function clustersMissing(projectRoot: string, filter: string, known: Set<string>): string[] {
  const file = join(projectRoot, "assembly/filters", filter, "config.json");
  if (!existsSync(file)) return [];
  try {
    return referencedClusters([readConfigFile(file)]).filter((c) => !known.has(c));
  } catch {
    return []; // an unreadable configuration was reported by the reload itself
  }
}

/** Example requests for the filters being served (the sample configurations' behaviour). */
export function tryLines(filters: string[], url: string): string[] {
  if (!filters.includes("auth")) return [`try:  curl -i ${url}/hello`];
  const lines = [
    `try:  curl -i ${url}/public/hello                                    # auth lets /public/ through${filters.includes("hello-world") ? "; hello-world adds x-hello" : ""}`,
    `      curl -i ${url}/api/orders                                      # auth: 401 with WWW-Authenticate`,
    `      curl -i -H 'x-api-key: acme-demo-key-0001' ${url}/api/orders   # 200; the upstream sees x-consumer: acme${filters.includes("rate-limit") ? "; X-RateLimit-* headers" : ""}`,
  ];
  if (filters.includes("header-rewrite")) lines.push(`      curl -i -H 'x-api-key: acme-demo-key-0001' '${url}/v1/items?debug=1'   # header-rewrite: upstream path /api/v1/items`);
  return lines;
}

/**
 * The filters `start` serves: the named ones (the project's, else shipped with envoy-as), or
 * every filter of the project. Throws UnknownFilterError / an error saying how to add one.
 */
export function servedFilters(projectRoot: string, names?: string[]): FilterRef[] {
  if (names?.length) return names.map((n) => lookupFilter(projectRoot, n));
  const own = projectFilters(projectRoot);
  if (own.length === 0) {
    throw new Error(`no filters in ${join(projectRoot, "assembly/filters")}/: add one with \`npx envoy-as init my-filter\`, or serve a shipped one: \`npx envoy-as start --filter auth --config ./auth.json\``);
  }
  return own;
}

/** Filters with sources in the project are hot-reloaded (with --watch), unless their configuration comes from --config. */
export function hotReloaded(o: Pick<StartOptions, "watch" | "configs">, ref: FilterRef): boolean {
  return !!o.watch && ref.origin === "project" && !o.configs?.[ref.name];
}

/** Fixed ports must be free: checked first, so the error names the port instead of Envoy's "cannot bind". */
export async function checkPorts(o: Pick<StartOptions, "listenerPort" | "adminPort" | "upstreamPort">): Promise<void> {
  const listenerPort = o.listenerPort ?? 10000, adminPort = o.adminPort ?? 9901, upstreamPort = o.upstreamPort ?? 8081;
  if (listenerPort) await assertPortFree(listenerPort, "127.0.0.1", "listener port (--port)");
  if (adminPort) await assertPortFree(adminPort, "127.0.0.1", "admin port (--admin-port)");
  if (upstreamPort) await assertPortFree(upstreamPort, "127.0.0.1", "upstream port (--upstream-port)");
}

/** Start the upstream and Envoy; resolves when both serve. Throws a clear error if a port is taken. */
export async function startDemo(o: StartOptions = {}): Promise<StartedDemo> {
  const projectRoot = resolve(o.projectRoot ?? findProjectRoot());
  const buildDir = o.buildDir ?? join(projectRoot, "build");
  const listenerPort = o.listenerPort ?? 10000;
  const adminPort = o.adminPort ?? 9901;
  const upstreamPort = o.upstreamPort ?? 8081;

  const refs = servedFilters(projectRoot, o.filters);
  const names = refs.map((r) => r.name);
  let filters: WasmFilter[] = refs.map((ref) => {
    const wasmPath = ref.origin === "project" ? join(buildDir, `${ref.name}.wasm`) : ref.wasm;
    if (!hotReloaded(o, ref) && !existsSync(wasmPath)) throw new Error(`${relative(process.cwd(), wasmPath) || wasmPath} is missing: build it with \`npx envoy-as build ${ref.name}\``);
    const file = o.configs?.[ref.name] ?? ref.config;
    return { name: ref.name, wasmPath, configuration: file ? readConfigFile(file) : {}, failurePolicy: "FAIL_CLOSED" as const };
  });
  await checkPorts({ listenerPort, adminPort, upstreamPort });

  // The callout clusters are fixed at start: a configuration reloaded later that names a new one is told so.
  const bootstrapClusters = new Set(demoClusters(filters.map((f) => f.configuration), o.clusters ?? {}, 0).map((c) => c.name));

  // Hot reload: the filters that have sources go through ECDS, starting from the built modules.
  let reloader: HotReloader | undefined;
  if (o.watch) {
    const watched = refs.filter((r) => hotReloaded(o, r)).map((r) => r.name);
    if (watched.length) {
      const other = readState(join(projectRoot, "build", "dev"));
      if (other && other.pid !== process.pid) {
        throw new Error(`another \`envoy-as start\` (pid ${other.pid}, listener ${other.listenerUrl}) is hot-reloading this project's build/dev/; stop it, or start this one with --no-watch`);
      }
      const line = o.onReloadLine ?? ((l: string) => console.log(l));
      reloader = new HotReloader({
        projectRoot,
        filters: watched,
        optimize: { optimizeLevel: o.devOptimizeLevel },
        onPrepared: (name, ms) => line(`  ${name}: dev build ${(ms / 1000).toFixed(1)} s (hot reload; \`envoy-as build\` makes the optimized module)`),
        onReport: (r) => {
          line(formatReport(r, projectRoot));
          const missing = r.ok ? clustersMissing(projectRoot, r.filter, bootstrapClusters) : [];
          if (missing.length) {
            line(`[hot-reload] ${r.filter}: its configuration names cluster${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which this Envoy does not have (clusters are set at start): restart \`npm start\` (or give --cluster NAME=HOST:PORT); until then those callouts fail`);
          }
          control?.writeState();
        },
      });
      // The first module of each comes from the reloader's own (dev-settings) compile, as every
      // later one does: no optimized build is needed to start serving.
      line(`compiling ${watched.join(", ")} for hot reload…`);
      const viaEcds = await reloader.prepare().catch((err) => {
        rmSync(reloader!.devDir, { recursive: true, force: true });
        throw err;
      });
      filters = filters.map((f) => viaEcds.find((e) => e.name === f.name) ?? f);
    }
  }
  let control: ControlServer | undefined;

  const echo: EchoServer = await startEcho({ port: upstreamPort }).catch((err) => {
    if (reloader) rmSync(reloader.devDir, { recursive: true, force: true });
    throw err;
  });
  const bootstrapPath = join(projectRoot, "build", "start", `envoy-${process.pid}-${++instances}.yaml`);
  writeFileAtomic(
    bootstrapPath,
    toYaml(
      buildBootstrap({
        filters,
        listener: { port: listenerPort },
        admin: { port: adminPort },
        route: { upstream: { host: "127.0.0.1", port: echo.port } },
        clusters: demoClusters(filters.map((f) => f.configuration), o.clusters ?? {}, echo.port),
        accessLog: { format: ACCESS_LOG_FORMAT },
      }),
      "Written by `envoy-as start` (src/cli/start.ts); removed when it stops.",
    ),
  );

  const show = (chunk: string) => {
    for (const line of chunk.split("\n")) {
      if (!line) continue;
      if (o.verbose || /\]\[(wasm|warning|error|critical)\]|^\[access\]/.test(line) || /\[(warning|error|critical)\]/.test(line)) {
        if (o.onEnvoyLine) o.onEnvoyLine(line);
        else process.stderr.write(line + "\n");
      }
    }
  };

  let started: RunningEnvoy | undefined;
  try {
    started = await startEnvoy({
      bootstrapPath,
      concurrency: o.concurrency,
      logLevel: o.logLevel ?? "info",
      onLog: show,
    });
    if (reloader) {
      await reloader.attach(started);
      control = await startControlServer(reloader, started);
      reloader.watch();
      await reloader.watching(); // saves from now on are heard
      // Compile each filter once now: the first compile in a process is several times slower, and
      // it tells the watcher which filters import which SDK/lib files.
      reloader.warm().catch((err) => process.stderr.write(`hot reload: warm-up: ${(err as Error).message}\n`));
    }
  } catch (err) {
    await reloader?.close();
    await control?.close();
    await started?.stop();
    await echo.close();
    rmSync(bootstrapPath, { force: true });
    if (reloader) rmSync(reloader.devDir, { recursive: true, force: true });
    throw err;
  }

  const envoy = started;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await reloader?.close();
      await control?.close();
      await Promise.all([envoy.stop(), echo.close()]);
      rmSync(bootstrapPath, { force: true });
      if (reloader) rmSync(reloader.devDir, { recursive: true, force: true });
    })());

  return {
    listenerUrl: envoy.listenerUrl,
    adminUrl: envoy.adminUrl,
    upstreamUrl: echo.url,
    filters: names,
    bootstrapPath,
    envoy,
    reloader,
    controlUrl: control?.url,
    stop,
  };
}

/** The command: start, print where things are, run until Ctrl-C / SIGTERM. Resolves with the exit code. */
export async function start(argsOrOptions: string[] | StartOptions = []): Promise<number> {
  const options = Array.isArray(argsOrOptions) ? parseStartArgs(argsOrOptions) : argsOrOptions;
  if (!options) return 0; // --help

  let demo: StartedDemo;
  try {
    demo = await startDemo(options);
  } catch (err) {
    console.error(`envoy-as start: ${(err as Error).message}`);
    return 1;
  }

  const version = await envoyVersion(await ensureEnvoy()).catch(() => "?");
  console.log(
    [
      `envoy-as: Envoy ${version} is running ${demo.filters.join(", ")} in front of the echo upstream`,
      `  listener  ${demo.listenerUrl}`,
      `  admin     ${demo.adminUrl}`,
      `  upstream  ${demo.upstreamUrl}  (answers with the request it received, as JSON)`,
      `  config    ${relative(process.cwd(), demo.bootstrapPath)}`,
      ...(demo.reloader
        ? [
            `  reload    watching assembly/ and asconfig.json (filters ${demo.reloader.filters.join(", ")}): save to hot-reload`,
            `            (or: npx envoy-as reload ${demo.reloader.filters[0]}); served modules in ${relative(process.cwd(), demo.reloader.devDir)}/`,
          ]
        : []),
      ``,
      ...tryLines(demo.filters, demo.listenerUrl),
      `Ctrl-C to stop.`,
    ].join("\n"),
  );

  let onSignal: (sig: NodeJS.Signals) => void = () => {};
  const code = await new Promise<number>((resolve) => {
    onSignal = (sig: NodeJS.Signals) => {
      console.error(`\nenvoy-as: ${sig}, stopping`);
      resolve(0);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    demo.envoy.exited.then(({ code, signal }) => {
      // Ctrl-C in a terminal also reaches Envoy (same process group); that is a normal stop.
      if (signal === "SIGINT" || signal === "SIGTERM" || code === 0) return resolve(0);
      console.error(`envoy-as: Envoy exited unexpectedly (code ${code}, signal ${signal})\n${tail(demo.envoy.logs())}`);
      resolve(1);
    });
  });
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  await demo.stop();
  console.error("envoy-as: stopped");
  return code;
}
