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

import { existsSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { readConfigFile } from "../build/catalog.ts";
import { parseStartArgs, type StartOptions } from "./start-args.ts";
import { checkPorts, clustersMissing, demoClusters, hotReloaded, servedFilters, tryLines } from "./start-plan.ts";
import { readState, startControlServer, type ControlServer } from "../dev/control.ts";
import { HotReloader, formatReport } from "../dev/reloader.ts";
import { ACCESS_LOG_FORMAT, type WasmFilter } from "../envoy/config.ts";
import { buildBootstrap, toYaml, writeFileAtomic } from "../envoy/config.ts";
import { envoyVersion, ensureEnvoy } from "../envoy/install.ts";
import { findProjectRoot } from "../paths.ts";
import { startEnvoy, tail, type RunningEnvoy } from "../envoy/launcher.ts";
import { startEcho, type EchoServer } from "../upstream/echo.ts";

// Arguments and the plan of what is served live in start-args.ts and start-plan.ts; re-exported
// here, the command's module.
export { parseStartArgs, START_USAGE, type StartOptions } from "./start-args.ts";
export { builtFilters, checkPorts, demoClusters, hotReloaded, referencedClusters, servedFilters, tryLines } from "./start-plan.ts";

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

let instances = 0;

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
