/**
 * The reference global rate limit service for tests: envoyproxy/ratelimit (Go) backed by a real
 * redis-server, started and stopped by the test. Redis listens on a unix socket only; the service
 * binds port 0 on 127.0.0.1 and its ports are read back from its sockets, so no port is picked
 * and handed on (which another process could take in between).
 *
 * The service binary is built once per machine with the Go toolchain from the Go module proxy
 * (`go install github.com/envoyproxy/ratelimit/src/service_cmd@<RATELIMIT_VERSION>`) into
 * `~/.cache/envoy-as/ratelimit/<version>/` (machine-wide; ENVOY_AS_CACHE overrides). The module needs Go 1.25.6; any Go ≥ 1.21 on
 * PATH fetches that toolchain itself (GOTOOLCHAIN=auto, also from the module proxy).
 *
 *   npx tsx src/testing/ratelimit-service.ts build     # build (or find) the binary, print its path and time
 *
 * ```ts
 * const rls = await startRatelimitService({ config: readFileSync("test/fixtures/ratelimit/config.yaml", "utf8") });
 * // Envoy cluster { name: "ratelimit", host: "127.0.0.1", port: rls.grpcPort, http2: true }
 * await rls.stop();
 * ```
 */
import { homedir } from "node:os";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { listeningPorts } from "../util/ports.ts";
import { spawnCaptured } from "../util/process.ts";

const run = promisify(execFile);

/** The envoyproxy/ratelimit version (the module has no tags: a pseudo-version of main, 2026-01-22). */
export const RATELIMIT_VERSION = "v1.4.1-0.20260122083618-3fb702589d36";
export const RATELIMIT_MODULE = "github.com/envoyproxy/ratelimit/src/service_cmd";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/**
 * Machine-wide, outside any clone, so a fresh checkout (CI) reuses the binary built once on
 * this machine; ENVOY_AS_CACHE overrides.
 */
export const CACHE_DIR = join(process.env.ENVOY_AS_CACHE ?? join(homedir(), ".cache", "envoy-as"), "ratelimit", RATELIMIT_VERSION);
export const BINARY = join(CACHE_DIR, "service_cmd");

/** Why the service cannot run here (no Go, no redis-server), or undefined when it can. */
export async function unavailableReason(): Promise<string | undefined> {
  if (!(await hasCommand("redis-server", ["--version"]))) return "redis-server is not installed (Debian package redis-server)";
  if (existsSync(BINARY)) return undefined;
  if (!(await hasCommand("go", ["version"]))) return "the ratelimit binary is not built and `go` (>= 1.21) is not on PATH";
  return undefined;
}

async function hasCommand(cmd: string, args: string[]): Promise<boolean> {
  try {
    await run(cmd, args, { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Builds the service binary once (cached); returns its path and how long the build took (0 if cached). */
export async function ensureRatelimitBinary(log: (line: string) => void = () => {}): Promise<{ path: string; buildMs: number }> {
  if (existsSync(BINARY)) return { path: BINARY, buildMs: 0 };
  mkdirSync(CACHE_DIR, { recursive: true });
  const started = Date.now();
  log(`building ${RATELIMIT_MODULE}@${RATELIMIT_VERSION} with go install (cached in ${CACHE_DIR})`);
  try {
    await run("go", ["install", `${RATELIMIT_MODULE}@${RATELIMIT_VERSION}`], {
      env: { ...process.env, GOBIN: CACHE_DIR, GOFLAGS: "-mod=mod", CGO_ENABLED: "0", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "auto" },
      timeout: 20 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`go install ${RATELIMIT_MODULE}@${RATELIMIT_VERSION} failed: ${e.stderr || e.message}`);
  }
  if (!existsSync(BINARY)) throw new Error(`go install succeeded but ${BINARY} is missing`);
  const buildMs = Date.now() - started;
  log(`built ${BINARY} in ${(buildMs / 1000).toFixed(1)} s`);
  return { path: BINARY, buildMs };
}

export interface RedisServer {
  /** The unix socket it listens on (no TCP port: nothing to pick, nothing to race for). */
  socket: string;
  /** Runs one redis command through a raw RESP connection; resolves with the raw reply text. */
  command(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** A throw-away redis-server on a unix socket in a temp folder (no persistence, no TCP port). */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "envoy-as-redis-"));
  const socket = join(dir, "redis.sock");
  const redis = spawnCaptured("redis-server", ["--port", "0", "--unixsocket", socket, "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", dir], { name: "redis-server", maxOutputChars: 20_000 });
  const command = (...args: string[]) => respCommand(socket, args);
  const stop = async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await redis.waitUntil(async () => (await command("PING")).startsWith("+PONG"), { timeoutMs: 15_000, what: "redis-server to answer PING", intervalMs: 100 });
  } catch (err) {
    await stop();
    throw err;
  }
  return { socket, command, stop };
}

function respCommand(socket: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const sock = connect(socket);
    let reply = "";
    sock.setTimeout(2000, () => { sock.destroy(); fail(new Error("redis timeout")); });
    sock.on("error", fail);
    sock.on("data", (d) => { reply += d.toString("utf8"); sock.end(); });
    sock.on("close", () => ok(reply));
    sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
  });
}

/** Whether GET http://127.0.0.1:port/path answers 200 (false when the port does not speak HTTP/1). */
async function answers200(port: number, path: string): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * The ports the service bound when told to bind port 0 for all three (it logs only the configured
 * address): of its listening sockets, gRPC is the one that does not speak HTTP/1, debug the one
 * serving /rlconfig, HTTP the one left (it answers /healthcheck).
 */
async function servicePorts(pid: number): Promise<{ grpcPort: number; httpPort: number } | undefined> {
  const ports = listeningPorts(pid);
  if (ports.length < 3) return undefined;
  let grpcPort: number | undefined, httpPort: number | undefined;
  for (const port of ports) {
    if (await answers200(port, "/rlconfig")) continue; // debug
    if (await answers200(port, "/healthcheck")) httpPort = port;
    else grpcPort = port;
  }
  return grpcPort && httpPort ? { grpcPort, httpPort } : undefined;
}

export interface RatelimitService {
  grpcPort: number;
  httpPort: number;
  redis: RedisServer;
  /** The service's log so far. */
  logs(): string;
  stop(): Promise<void>;
}

export interface RatelimitServiceOptions {
  /** The service's YAML configuration (domain + descriptors), written as config/config.yaml. */
  config: string;
  /** Extra environment (e.g. LOG_LEVEL=debug). */
  env?: Record<string, string>;
}

/** Starts redis-server and envoyproxy/ratelimit on 127.0.0.1; resolves when /healthcheck is OK. */
export async function startRatelimitService(options: RatelimitServiceOptions): Promise<RatelimitService> {
  const { path } = await ensureRatelimitBinary();
  const redis = await startRedis();
  const runtime = mkdtempSync(join(tmpdir(), "envoy-as-ratelimit-"));
  mkdirSync(join(runtime, "ratelimit", "config"), { recursive: true });
  writeFileSync(join(runtime, "ratelimit", "config", "config.yaml"), options.config);
  const service = spawnCaptured(path, [], {
    name: "envoyproxy/ratelimit",
    maxOutputChars: 20_000,
    env: {
      PATH: process.env.PATH ?? "",
      // Port 0 everywhere: the kernel picks; servicePorts reads back what was bound.
      HOST: "127.0.0.1", PORT: "0",
      GRPC_HOST: "127.0.0.1", GRPC_PORT: "0",
      DEBUG_HOST: "127.0.0.1", DEBUG_PORT: "0",
      USE_STATSD: "false", LOG_LEVEL: "warn",
      REDIS_SOCKET_TYPE: "unix", REDIS_URL: redis.socket,
      RUNTIME_ROOT: runtime, RUNTIME_SUBDIRECTORY: "ratelimit", RUNTIME_WATCH_ROOT: "false", RUNTIME_IGNOREDOTFILES: "true",
      // Count a request that is over the limit no further: redis then holds exactly the admitted count.
      STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT: "true",
      ...options.env,
    },
  });
  const stop = async () => {
    await service.stop();
    await redis.stop();
    rmSync(runtime, { recursive: true, force: true });
  };
  try {
    const { grpcPort, httpPort } = await service.waitUntil(() => servicePorts(service.pid!), { timeoutMs: 30_000, what: "envoyproxy/ratelimit to listen and answer /healthcheck", intervalMs: 100 });
    return { grpcPort, httpPort, redis, logs: service.output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// CLI: `npx tsx src/testing/ratelimit-service.ts build` (CI builds the binary once, timed).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? "build";
  if (cmd !== "build") {
    console.error("usage: tsx src/testing/ratelimit-service.ts build");
    process.exit(2);
  }
  ensureRatelimitBinary((l) => console.log(l)).then(
    ({ path, buildMs }) => console.log(buildMs ? `ratelimit service: ${path} (built in ${(buildMs / 1000).toFixed(1)} s)` : `ratelimit service: ${path} (cached)`),
    (err: Error) => { console.error(err.message); process.exit(1); },
  );
}
