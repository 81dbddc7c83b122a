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
import { findFilters, FILTER_ROOTS } from "../build/filters.ts";
import { readState, startControlServer, type ControlServer } from "../dev/control.ts";
import { HotReloader, formatReport } from "../dev/reloader.ts";
import { ACCESS_LOG_FORMAT, type WasmFilter } from "../envoy/config.ts";
import { buildBootstrap, toYaml, writeFileAtomic } from "../envoy/config.ts";
import { filterConfiguration } from "../envoy/generate.ts";
import { envoyVersion, ensureEnvoy, PACKAGE_ROOT } from "../envoy/install.ts";
import { assertPortFree, startEnvoy, tail, type RunningEnvoy } from "../envoy/launcher.ts";
import { startEcho, type EchoServer } from "../upstream/echo.ts";

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

const USAGE = `usage: envoy-as start [--port N] [--admin-port N] [--upstream-port N] [--filter NAME]...
                      [--concurrency N] [--log-level LEVEL] [--verbose] [--no-watch] [--dev-opt 0-3]`;

function portValue(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (!v || !Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag}: expected a port number, got ${v ?? "nothing"}`);
  return n;
}

export function parseStartArgs(args: string[], env: NodeJS.ProcessEnv = process.env): StartOptions {
  const o: StartOptions = {
    listenerPort: env.ENVOY_AS_PORT ? portValue("ENVOY_AS_PORT", env.ENVOY_AS_PORT) : undefined,
    adminPort: env.ENVOY_AS_ADMIN_PORT ? portValue("ENVOY_AS_ADMIN_PORT", env.ENVOY_AS_ADMIN_PORT) : undefined,
    upstreamPort: env.ENVOY_AS_UPSTREAM_PORT ? portValue("ENVOY_AS_UPSTREAM_PORT", env.ENVOY_AS_UPSTREAM_PORT) : undefined,
    watch: true,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case "--port":
      case "-p":
        o.listenerPort = portValue(flag, value());
        break;
      case "--admin-port":
        o.adminPort = portValue(flag, value());
        break;
      case "--upstream-port":
        o.upstreamPort = portValue(flag, value());
        break;
      case "--filter":
        (o.filters ??= []).push(value() ?? "");
        break;
      case "--concurrency":
        o.concurrency = Number(value());
        break;
      case "--log-level":
        o.logLevel = value() as StartOptions["logLevel"];
        break;
      case "--verbose":
      case "-v":
        o.verbose = true;
        break;
      case "--no-watch":
        o.watch = false;
        break;
      case "--dev-opt": {
        const v = value();
        const n = Number(v);
        if (!v || !Number.isInteger(n) || n < 0 || n > 3) throw new Error(`--dev-opt: expected 0-3, got ${v ?? "nothing"}`);
        o.devOptimizeLevel = n;
        break;
      }
      default:
        throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return o;
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

/** Start the upstream and Envoy; resolves when both serve. Throws a clear error if a port is taken. */
export async function startDemo(o: StartOptions = {}): Promise<StartedDemo> {
  const buildDir = o.buildDir ?? join(PACKAGE_ROOT, "build");
  const listenerPort = o.listenerPort ?? 10000;
  const adminPort = o.adminPort ?? 9901;
  const upstreamPort = o.upstreamPort ?? 8081;

  const available = builtFilters(buildDir);
  const names = o.filters ?? available;
  if (names.length === 0) throw new Error(`no filters in ${relative(process.cwd(), buildDir) || buildDir}/: run \`npm run build\` first`);
  for (const n of names) {
    if (!available.includes(n)) throw new Error(`no ${join(buildDir, `${n}.wasm`)} (built: ${available.join(", ") || "none"})`);
  }
  const projectRoot = resolve(o.projectRoot ?? PACKAGE_ROOT);
  let filters: WasmFilter[] = names.map((name) => ({
    name,
    wasmPath: join(buildDir, `${name}.wasm`),
    configuration: filterConfiguration(name, {}, projectRoot),
    failurePolicy: "FAIL_CLOSED",
  }));

  // Fixed ports: check them first, so the error names the port instead of Envoy's "cannot bind".
  if (listenerPort) await assertPortFree(listenerPort, "127.0.0.1", "listener port (--port)");
  if (adminPort) await assertPortFree(adminPort, "127.0.0.1", "admin port (--admin-port)");
  if (upstreamPort) await assertPortFree(upstreamPort, "127.0.0.1", "upstream port (--upstream-port)");

  // Hot reload: the filters that have sources go through ECDS, starting from the built modules.
  let reloader: HotReloader | undefined;
  if (o.watch) {
    const filtersDir = resolve(projectRoot, FILTER_ROOTS[0]!.dir);
    const sources = new Set(findFilters(projectRoot).filter((f) => dirname(f.dir) === filtersDir).map((f) => f.name));
    const watched = names.filter((n) => sources.has(n));
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
        onReport: (r) => {
          line(formatReport(r, projectRoot));
          control?.writeState();
        },
      });
      const viaEcds = await reloader.prepare(Object.fromEntries(watched.map((n) => [n, join(buildDir, `${n}.wasm`)]))).catch((err) => {
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
  const bootstrapPath = join(PACKAGE_ROOT, ".envoy-as", "start", `envoy-${process.pid}-${++instances}.yaml`);
  writeFileAtomic(
    bootstrapPath,
    toYaml(
      buildBootstrap({
        filters,
        listener: { port: listenerPort },
        admin: { port: adminPort },
        route: { upstream: { host: "127.0.0.1", port: echo.port } },
        clusters: referencedClusters(filters.map((f) => f.configuration)).map((name) => ({ name, host: "127.0.0.1", port: echo.port })),
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
  let options: StartOptions;
  try {
    options = Array.isArray(argsOrOptions) ? parseStartArgs(argsOrOptions) : argsOrOptions;
  } catch (err) {
    console.error(`envoy-as start: ${(err as Error).message}`);
    return 2;
  }
  if (Array.isArray(argsOrOptions) && (argsOrOptions.includes("--help") || argsOrOptions.includes("-h"))) {
    console.log(USAGE);
    return 0;
  }

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
            `  reload    watching assembly/filters/{${demo.reloader.filters.join(",")}}, assembly/sdk, assembly/lib: save to hot-reload`,
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
