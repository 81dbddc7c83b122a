/**
 * The reference global rate limit service for tests: envoyproxy/ratelimit (Go) backed by a real
 * redis-server, both on 127.0.0.1 with ephemeral ports, started and stopped by the test.
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
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
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
export async function unavailableReason() {
    if (!(await hasCommand("redis-server", ["--version"])))
        return "redis-server is not installed (Debian package redis-server)";
    if (existsSync(BINARY))
        return undefined;
    if (!(await hasCommand("go", ["version"])))
        return "the ratelimit binary is not built and `go` (>= 1.21) is not on PATH";
    return undefined;
}
async function hasCommand(cmd, args) {
    try {
        await run(cmd, args, { timeout: 30_000 });
        return true;
    }
    catch {
        return false;
    }
}
/** Builds the service binary once (cached); returns its path and how long the build took (0 if cached). */
export async function ensureRatelimitBinary(log = () => { }) {
    if (existsSync(BINARY))
        return { path: BINARY, buildMs: 0 };
    mkdirSync(CACHE_DIR, { recursive: true });
    const started = Date.now();
    log(`building ${RATELIMIT_MODULE}@${RATELIMIT_VERSION} with go install (cached in ${CACHE_DIR})`);
    try {
        await run("go", ["install", `${RATELIMIT_MODULE}@${RATELIMIT_VERSION}`], {
            env: { ...process.env, GOBIN: CACHE_DIR, GOFLAGS: "-mod=mod", CGO_ENABLED: "0", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "auto" },
            timeout: 20 * 60_000,
            maxBuffer: 64 * 1024 * 1024,
        });
    }
    catch (err) {
        const e = err;
        throw new Error(`go install ${RATELIMIT_MODULE}@${RATELIMIT_VERSION} failed: ${e.stderr || e.message}`);
    }
    if (!existsSync(BINARY))
        throw new Error(`go install succeeded but ${BINARY} is missing`);
    const buildMs = Date.now() - started;
    log(`built ${BINARY} in ${(buildMs / 1000).toFixed(1)} s`);
    return { path: BINARY, buildMs };
}
function freePort() {
    return new Promise((ok, fail) => {
        const srv = createServer();
        srv.once("error", fail);
        srv.listen(0, "127.0.0.1", () => {
            const port = srv.address().port;
            srv.close(() => ok(port));
        });
    });
}
async function waitFor(what, check, child, output, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (child.exitCode !== null)
            throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
        if (await check().catch(() => false))
            return;
        if (Date.now() > deadline)
            throw new Error(`${what} not ready after ${timeoutMs} ms:\n${output()}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}
function capture(child) {
    let text = "";
    const add = (b) => { text = (text + b.toString("utf8")).slice(-20_000); };
    child.stdout?.on("data", add);
    child.stderr?.on("data", add);
    return () => text;
}
function stopChild(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve();
    return new Promise((ok) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => { clearTimeout(timer); ok(); });
        child.kill("SIGTERM");
    });
}
/** A throw-away redis-server on 127.0.0.1 (no persistence). */
export async function startRedis() {
    const port = await freePort();
    const child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--protected-mode", "yes"], { stdio: ["ignore", "pipe", "pipe"] });
    const output = capture(child);
    const command = (...args) => respCommand(port, args);
    await waitFor("redis-server", async () => (await command("PING")).startsWith("+PONG"), child, output, 15_000);
    return { port, command, stop: () => stopChild(child) };
}
function respCommand(port, args) {
    return new Promise((ok, fail) => {
        import("node:net").then(({ connect }) => {
            const sock = connect(port, "127.0.0.1");
            let reply = "";
            sock.setTimeout(2000, () => { sock.destroy(); fail(new Error("redis timeout")); });
            sock.on("error", fail);
            sock.on("data", (d) => { reply += d.toString("utf8"); sock.end(); });
            sock.on("close", () => ok(reply));
            sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
        }, fail);
    });
}
/** Starts redis-server and envoyproxy/ratelimit on 127.0.0.1; resolves when /healthcheck is OK. */
export async function startRatelimitService(options) {
    const { path } = await ensureRatelimitBinary();
    const redis = await startRedis();
    const runtime = mkdtempSync(join(tmpdir(), "envoy-as-ratelimit-"));
    mkdirSync(join(runtime, "ratelimit", "config"), { recursive: true });
    writeFileSync(join(runtime, "ratelimit", "config", "config.yaml"), options.config);
    const [grpcPort, httpPort, debugPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(path, [], {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
            PATH: process.env.PATH ?? "",
            HOST: "127.0.0.1", PORT: String(httpPort),
            GRPC_HOST: "127.0.0.1", GRPC_PORT: String(grpcPort),
            DEBUG_HOST: "127.0.0.1", DEBUG_PORT: String(debugPort),
            USE_STATSD: "false", LOG_LEVEL: "warn",
            REDIS_SOCKET_TYPE: "tcp", REDIS_URL: `127.0.0.1:${redis.port}`,
            RUNTIME_ROOT: runtime, RUNTIME_SUBDIRECTORY: "ratelimit", RUNTIME_WATCH_ROOT: "false", RUNTIME_IGNOREDOTFILES: "true",
            // Count a request that is over the limit no further: redis then holds exactly the admitted count.
            STOP_CACHE_KEY_INCREMENT_WHEN_OVERLIMIT: "true",
            ...options.env,
        },
    });
    const output = capture(child);
    try {
        await waitFor("envoyproxy/ratelimit", async () => (await fetch(`http://127.0.0.1:${httpPort}/healthcheck`, { signal: AbortSignal.timeout(1000) })).ok, child, output, 30_000);
    }
    catch (err) {
        await stopChild(child);
        await redis.stop();
        rmSync(runtime, { recursive: true, force: true });
        throw err;
    }
    return {
        grpcPort, httpPort, redis,
        logs: output,
        async stop() {
            await stopChild(child);
            await redis.stop();
            rmSync(runtime, { recursive: true, force: true });
        },
    };
}
// CLI: `npx tsx src/testing/ratelimit-service.ts build` (CI builds the binary once, timed).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const cmd = process.argv[2] ?? "build";
    if (cmd !== "build") {
        console.error("usage: tsx src/testing/ratelimit-service.ts build");
        process.exit(2);
    }
    ensureRatelimitBinary((l) => console.log(l)).then(({ path, buildMs }) => console.log(buildMs ? `ratelimit service: ${path} (built in ${(buildMs / 1000).toFixed(1)} s)` : `ratelimit service: ${path} (cached)`), (err) => { console.error(err.message); process.exit(1); });
}
