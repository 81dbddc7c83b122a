// Start a real Envoy process for tests, `npm start` and benchmarks.
//
// Ports: by default Envoy binds port 0 for both admin and listener. The admin address is read from the
// file given by --admin-address-path and the listener port from admin /listeners, so there is no
// window in which another process can take a port we picked. --disable-hot-restart means no shared
// memory, so any number of Envoys can run side by side.
//
// Lifetime: startEnvoy resolves once admin /ready says LIVE; it rejects (with Envoy's last log lines)
// if Envoy exits or does not get ready in time. stop() sends SIGTERM, then SIGKILL after a grace
// period, and resolves when the process is gone. Envoy is also killed when this Node process exits,
// even abruptly: a tiny watchdog shell holds a pipe to us and kills Envoy when the pipe closes.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  buildBootstrap,
  toYaml,
  writeEcdsFile,
  LISTENER_NAME,
  type BootstrapOptions,
  type Cluster,
  type TcpProxyListener,
  type WasmFilter,
} from "./config.ts";
import { ensureEnvoy } from "./install.ts";

export interface StartEnvoyOptions {
  /** A complete bootstrap object (e.g. from buildBootstrap) ... */
  bootstrap?: Record<string, unknown>;
  /** ... or a bootstrap file on disk ... */
  bootstrapPath?: string;
  /** ... or the pieces, built with buildBootstrap: filters + upstream | directResponse. */
  filters?: WasmFilter[];
  upstream?: { host: string; port: number; timeoutMs?: number };
  directResponse?: { status: number; body?: string };
  clusters?: Cluster[];
  /** TCP listeners with network Wasm filters before tcp_proxy (ports read back into listenerPorts). */
  tcpProxies?: TcpProxyListener[];
  allowOnHeadersStopIteration?: boolean;
  accessLog?: boolean;
  /** The HTTP connection manager's max_request_headers_kb for the built bootstrap (Envoy's default: 60). */
  maxRequestHeadersKb?: number;
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
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when Envoy has exited. Idempotent. */
  stop(): Promise<void>;
}

export class EnvoyStartError extends Error {
  constructor(
    message: string,
    readonly logs: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = "EnvoyStartError";
  }
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

const MAX_LOG_CHARS = 8 << 20;

/** Last `n` lines of a log, for error messages. */
export function tail(text: string, n = 30): string {
  const lines = text.trimEnd().split("\n");
  return lines.slice(-n).join("\n");
}

function buildFromPieces(o: StartEnvoyOptions): Record<string, unknown> {
  if (!o.filters) throw new Error("startEnvoy: give bootstrap, bootstrapPath, or filters (+ upstream | directResponse)");
  const route: BootstrapOptions["route"] | undefined = o.upstream
    ? { upstream: o.upstream }
    : o.directResponse
      ? { directResponse: o.directResponse }
      : undefined;
  if (!route) throw new Error("startEnvoy: filters need an upstream or a directResponse");
  const opts: BootstrapOptions = {
    filters: o.filters,
    listener: { address: o.address, port: o.listenerPort ?? 0 },
    admin: { address: o.address, port: o.adminPort ?? 0 },
    route,
    clusters: o.clusters,
    tcpProxies: o.tcpProxies,
    allowOnHeadersStopIteration: o.allowOnHeadersStopIteration,
    accessLog: o.accessLog,
    maxRequestHeadersKb: o.maxRequestHeadersKb,
  };
  for (const f of o.filters) if (f.ecds) writeEcdsFile(f, { allowOnHeadersStopIteration: o.allowOnHeadersStopIteration });
  return buildBootstrap(opts);
}

/** Turn "0.0.0.0"/"::" into a loopback host usable in a URL. */
function urlHost(address: string): string {
  if (address === "0.0.0.0" || address === "") return "127.0.0.1";
  if (address === "::") return "[::1]";
  return address.includes(":") ? `[${address}]` : address;
}

export async function startEnvoy(o: StartEnvoyOptions): Promise<RunningEnvoy> {
  const bin = o.envoyBin ?? (await ensureEnvoy());
  const workDir = mkdtempSync(join(tmpdir(), "envoy-as-"));
  let bootstrapPath: string;
  if (o.bootstrapPath) {
    bootstrapPath = resolve(o.bootstrapPath);
  } else {
    bootstrapPath = join(workDir, "bootstrap.yaml");
    writeFileSync(bootstrapPath, toYaml(o.bootstrap ?? buildFromPieces(o)));
  }
  const adminAddressPath = join(workDir, "admin-address");

  const args = [
    "-c", bootstrapPath,
    "--admin-address-path", adminAddressPath,
    "--disable-hot-restart",
    "--log-level", o.logLevel ?? "info",
    "--file-flush-interval-msec", String(o.fileFlushIntervalMs ?? 250),
    ...(o.componentLogLevel ? ["--component-log-level", o.componentLogLevel] : []),
    ...(o.concurrency !== undefined ? ["--concurrency", String(o.concurrency)] : []),
    ...(o.args ?? []),
  ];

  installExitHook();
  const child = spawn(bin, args, { cwd: o.cwd ?? process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const watchdog = startWatchdog(child.pid);

  let log = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    const s = chunk.toString("utf8");
    if (o.echoLogs) process.stderr.write(s);
    o.onLog?.(s);
    log += s;
    if (log.length > MAX_LOG_CHARS) log = log.slice(log.length - MAX_LOG_CHARS / 2);
    for (const w of waiters) w();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  let exitCode: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let exited = false;
  const exitPromise = new Promise<void>((res) => {
    child.on("exit", (code, signal) => {
      exited = true;
      exitCode = code;
      exitSignal = signal;
      live.delete(child);
      watchdog?.kill("SIGKILL");
      for (const w of waiters) w();
      res();
    });
  });
  const spawnError = new Promise<Error>((res) => child.on("error", res));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill("SIGTERM");
        const grace = o.stopGraceMs ?? 5000;
        const timer = setTimeout(() => child.kill("SIGKILL"), grace);
        await exitPromise;
        clearTimeout(timer);
      }
      rmSync(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const fail = async (why: string): Promise<never> => {
    await stop();
    const status = exited ? ` (exit code ${exitCode}${exitSignal ? `, signal ${exitSignal}` : ""})` : "";
    throw new EnvoyStartError(
      `Envoy did not start: ${why}${status}.\n  command: ${bin} ${args.join(" ")}\n--- last Envoy log lines ---\n${tail(log)}`,
      log,
      exitCode,
    );
  };

  const deadline = Date.now() + (o.startTimeoutMs ?? 60_000);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // 1. Admin address, written by Envoy once admin listens.
  let adminAddress = "";
  while (!adminAddress) {
    if (exited) return fail("Envoy exited during startup");
    const err = await Promise.race([spawnError, sleep(25).then(() => undefined)]);
    if (err) return fail(`cannot run ${bin}: ${err.message}`);
    if (Date.now() > deadline) return fail(`no admin address after ${o.startTimeoutMs ?? 60_000} ms`);
    if (existsSync(adminAddressPath)) adminAddress = readFileSync(adminAddressPath, "utf8").trim();
  }
  const sep = adminAddress.lastIndexOf(":");
  const adminPort = Number(adminAddress.slice(sep + 1));
  const adminUrl = `http://${urlHost(adminAddress.slice(0, sep))}:${adminPort}`;

  // 2. /ready = LIVE (all listeners bound, clusters and ECDS initialized).
  for (;;) {
    if (exited) return fail("Envoy exited during startup");
    if (Date.now() > deadline) return fail(`admin ${adminUrl}/ready not LIVE after ${o.startTimeoutMs ?? 60_000} ms`);
    try {
      const res = await fetch(`${adminUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      const text = await res.text();
      if (res.ok && text.trim() === "LIVE") break;
    } catch {
      /* not yet */
    }
    await sleep(50);
  }

  // 3. Listener port from admin /listeners.
  const listenersRes = await fetch(`${adminUrl}/listeners?format=json`);
  const listeners = (await listenersRes.json()) as {
    listener_statuses?: { name: string; local_address?: { socket_address?: { address: string; port_value: number } } }[];
  };
  const statuses = listeners.listener_statuses ?? [];
  const main = statuses.find((l) => l.name === LISTENER_NAME) ?? statuses[0];
  const sock = main?.local_address?.socket_address;
  if (!sock) return fail(`no listener in ${adminUrl}/listeners: ${JSON.stringify(listeners)}`);
  const listenerPort = sock.port_value;
  const listenerPorts = new Map<string, number>();
  for (const l of statuses) {
    const port = l.local_address?.socket_address?.port_value;
    if (port !== undefined) listenerPorts.set(l.name, port);
  }
  const listenerUrl = `http://${urlHost(sock.address)}:${listenerPort}`;

  const admin = async (path: string): Promise<Response> => {
    const res = await fetch(`${adminUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`GET ${adminUrl}${path}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };

  return {
    listenerUrl,
    adminUrl,
    listenerPort,
    listenerPorts,
    adminPort,
    pid: child.pid!,
    workDir,
    bootstrapPath,
    stats: async () => parseStats(await (await admin("/stats")).text()),
    stat: async (name) => {
      const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const map = parseStats(await (await admin(`/stats?filter=${encodeURIComponent(`^${esc}$`)}`)).text());
      return map.get(name);
    },
    configDump: async () => (await admin("/config_dump")).json(),
    logs: () => log,
    waitForLog: (re, timeoutMs = 10_000) =>
      new Promise<RegExpMatchArray>((res, rej) => {
        const check = () => {
          const m = log.match(re);
          if (m) {
            done();
            res(m);
          } else if (exited) {
            done();
            rej(new Error(`Envoy exited before logging ${re}\n--- last Envoy log lines ---\n${tail(log)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          rej(new Error(`Timed out after ${timeoutMs} ms waiting for ${re} in Envoy's log\n--- last Envoy log lines ---\n${tail(log)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    running: () => !exited,
    exited: exitPromise.then(() => ({ code: exitCode, signal: exitSignal })),
    stop,
  };
}

/** Parse admin /stats text ("name: value" lines); histogram lines are skipped. */
export function parseStats(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([^:\s]+): (-?\d+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/**
 * Kill `pid` when this Node process dies, however it dies: the shell blocks reading a pipe whose
 * write end only we hold; when we exit, the read returns EOF and the shell kills the child.
 */
function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (!pid) return undefined;
  try {
    const dog = spawn("/bin/sh", ["-c", 'while read -r _; do :; done; kill -KILL "$1" 2>/dev/null', "watchdog", String(pid)], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    dog.on("error", () => {});
    dog.unref();
    (dog.stdin as unknown as { unref?: () => void })?.unref?.();
    // Keep a reference so the pipe is not garbage-collected/closed while we live.
    keepAlive.add(dog);
    dog.on("exit", () => keepAlive.delete(dog));
    return dog;
  } catch {
    return undefined;
  }
}
const keepAlive = new Set<ChildProcess>();

/** Throw a clear error if host:port cannot be bound (e.g. another Envoy already uses it). */
export async function assertPortFree(port: number, host = "127.0.0.1", what = "port"): Promise<void> {
  await new Promise<void>((res, rej) => {
    const srv = createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      rej(
        new Error(
          err.code === "EADDRINUSE"
            ? `${what} ${host}:${port} is already in use (another envoy-as or Envoy still running?). Choose another one.`
            : `cannot bind ${what} ${host}:${port}: ${err.message}`,
        ),
      );
    });
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res()));
  });
}
