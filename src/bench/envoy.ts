// Per-request cost in a real Envoy: one Envoy per variant (--concurrency 1, a direct_response
// route so no upstream competes for the cores), all started up front and then measured in
// rounds, variants interleaved, so slow drift on a shared machine hits every variant alike.
// Load comes from wrk (Debian package) on the other core: Envoy is pinned to core 0 and wrk to
// core 1 with taskset when it exists. Every run is bounded in time (wrk -d, plus a kill timer)
// and sends traffic to 127.0.0.1 only.
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildBootstrap, type Json, type WasmFilter } from "../envoy/config.ts";
import { startEnvoy, type RunningEnvoy } from "../envoy/launcher.ts";
import { spawnCaptured } from "../util/process.ts";
import { waitFor } from "../util/wait.ts";
import type { JwtMaterial } from "./jwt.ts";
import type { BenchModule } from "./modules.ts";

const run = promisify(execFile);

export type Work = "none" | "add-header" | "rate-limit" | "jwt";
export type RequestMode = "plain" | "jwt-repeated" | "jwt-unique";

export interface EnvoyVariant {
  key: string;
  label: string;
  kind: "baseline" | "native" | "wasm";
  /** The native variant this one is compared with (same work, same request mode). */
  nativeKey?: string;
  requestMode: RequestMode;
  /** Native http filters placed before the router. */
  nativeFilters?: Json[];
  module?: BenchModule;
  /** Response header the work adds (checked before measuring). */
  expectHeader?: [string, string];
  /** The variant must answer 401 without a token (proves the filter enforces). */
  expectUnauthorized?: boolean;
}

export const HEADER_MUTATION: Json = {
  name: "envoy.filters.http.header_mutation",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
    mutations: {
      response_mutations: [{ append: { header: { key: "x-bench", value: "envoy-as" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" } }],
    },
  },
};

/** A bucket so large every request is admitted: the cost measured is the check itself. */
export const LOCAL_RATELIMIT: Json = {
  name: "envoy.filters.http.local_ratelimit",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
    stat_prefix: "bench_rl",
    token_bucket: { max_tokens: 1_000_000_000, tokens_per_fill: 1_000_000_000, fill_interval: "1s" },
    filter_enabled: { runtime_key: "bench_rl_enabled", default_value: { numerator: 100, denominator: "HUNDRED" } },
    filter_enforced: { runtime_key: "bench_rl_enforced", default_value: { numerator: 100, denominator: "HUNDRED" } },
  },
};

export function jwtAuthn(jwt: JwtMaterial): Json {
  return {
    name: "envoy.filters.http.jwt_authn",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
      providers: {
        bench: { issuer: jwt.issuer, audiences: [jwt.audience], local_jwks: { inline_string: jwt.jwks }, forward: true },
      },
      rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
    },
  };
}

/** Bootstrap: the project's buildBootstrap (wasm filters, direct_response) plus native filters before the router. */
export function variantBootstrap(v: EnvoyVariant): Record<string, unknown> {
  const filters: WasmFilter[] = v.module
    ? [{ name: v.module.rootId, wasmPath: v.module.wasm, rootId: v.module.rootId, rawConfiguration: v.module.configuration, failurePolicy: "FAIL_CLOSED" }]
    : [];
  const bootstrap = buildBootstrap({
    filters,
    listener: { port: 0 },
    admin: { port: 0 },
    route: { directResponse: { status: 200, body: "ok\n" } },
  }) as any;
  if (v.nativeFilters?.length) {
    const hcm = bootstrap.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
    hcm.http_filters.splice(hcm.http_filters.length - 1, 0, ...v.nativeFilters);
  }
  return bootstrap;
}

export interface WrkResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  socketErrors: number;
  raw: string;
  /** Envoy's CPU µs per request over this run, set by the caller that read /proc around it. */
  cpuUs?: number;
  /** The no-filter Envoy loaded in the same second (the bench's paired load), set by the caller. */
  base?: { rps: number; cpuUs?: number };
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === "us" ? n / 1000 : m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

export function parseWrk(out: string): WrkResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = /^\s*50(?:\.000)?%\s+(\S+)/m.exec(out)?.[1];
  const p99 = /^\s*99(?:\.000)?%\s+(\S+)/m.exec(out)?.[1];
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const se = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = se ? se.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  if (!Number.isFinite(rps) || !p50 || !p99) throw new Error(`cannot read wrk's output:\n${out}`);
  return { rps, p50Ms: toMs(p50), p99Ms: toMs(p99), requests, non2xx, socketErrors, raw: out };
}

export interface LoadOptions {
  durationS: number;
  connections: number;
  /** Core for wrk (taskset -c), or undefined for no pinning. */
  wrkCore?: number;
  workDir: string;
}

/** Writes the wrk Lua script that cycles through distinct tokens (one per request). */
export function writeUniqueTokenScript(dir: string, tokens: string[]): string {
  const path = join(dir, "jwt-unique.lua");
  const list = tokens.map((t) => `"Bearer ${t}"`).join(",\n");
  writeFileSync(
    path,
    `-- envoy-as bench: a different RS256 token on each request, cycling\nlocal tokens = {\n${list}\n}\nlocal n = #tokens\nlocal i = 0\nrequest = function()\n  i = i % n + 1\n  return wrk.format("GET", "/", { ["authorization"] = tokens[i] })\nend\n`,
  );
  return path;
}

/** One bounded wrk run against `url`. */
export async function runWrk(url: string, mode: RequestMode, jwt: JwtMaterial | undefined, o: LoadOptions): Promise<WrkResult> {
  const args = ["-t1", `-c${o.connections}`, `-d${o.durationS}s`, "--timeout", "2s", "--latency"];
  if (mode === "jwt-repeated") args.push("-H", `authorization: Bearer ${jwt!.token}`);
  if (mode === "jwt-unique") args.push("-s", join(o.workDir, "jwt-unique.lua"));
  args.push(`${url}/`);
  const [cmd, cmdArgs] = o.wrkCore !== undefined ? ["taskset", ["-c", String(o.wrkCore), "wrk", ...args]] : ["wrk", args];
  const wrk = spawnCaptured(cmd, cmdArgs, { name: "wrk" });
  const timer = setTimeout(() => void wrk.stop({ signal: "SIGKILL" }), (o.durationS + 15) * 1000);
  const cannot = await Promise.race([wrk.spawnError, wrk.exited.then(() => undefined)]);
  const { code, signal, stdout, stderr } = await wrk.exited;
  clearTimeout(timer);
  if (cannot) throw new Error(`cannot run wrk (${cannot.message}); install it: apt-get install wrk`);
  if (code !== 0) throw new Error(`wrk exited ${code ?? signal}: ${stderr || stdout}`);
  return parseWrk(stdout);
}

export async function hasCommand(name: string): Promise<boolean> {
  try {
    await run("sh", ["-c", `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of `pid` to `core`. */
export async function pin(pid: number, core: number): Promise<void> {
  await run("taskset", ["-a", "-p", "-c", String(core), String(pid)]);
}

export interface StartedVariant {
  variant: EnvoyVariant;
  envoy: RunningEnvoy;
  /** Process start to the first 200 on the listener. */
  coldStartMs: number;
}

function requestHeaders(mode: RequestMode, jwt: JwtMaterial | undefined): Record<string, string> {
  if (mode === "jwt-repeated") return { authorization: `Bearer ${jwt!.token}` };
  if (mode === "jwt-unique") return { authorization: `Bearer ${jwt!.unique[0]}` };
  return {};
}

/** Starts Envoy for a variant, pins it, and checks it does the work before anything is measured. */
export async function startVariant(v: EnvoyVariant, jwt: JwtMaterial | undefined, envoyCore: number | undefined): Promise<StartedVariant> {
  const started = performance.now();
  const envoy = await startEnvoy({ bootstrap: variantBootstrap(v), concurrency: 1, logLevel: "warning", startTimeoutMs: 60_000 });
  try {
    let res: Response | undefined;
    await waitFor(
      async () => (res = await fetch(`${envoy.listenerUrl}/`, { headers: requestHeaders(v.requestMode, jwt) })).status === 200,
      { timeoutMs: 2000, intervalMs: 20, what: `${v.key}: GET / to answer 200` },
    ).catch(() => undefined); // the checks below say what it answered
    const coldStartMs = performance.now() - started;
    if (!res) throw new Error(`${v.key}: GET ${envoy.listenerUrl}/ got no answer`);
    if (res!.status !== 200) throw new Error(`${v.key}: GET / answered ${res!.status}, not 200: ${await res!.text()}`);
    if (v.expectHeader) {
      const got = res!.headers.get(v.expectHeader[0]);
      if (got !== v.expectHeader[1]) throw new Error(`${v.key}: response header ${v.expectHeader[0]} is ${JSON.stringify(got)}, expected ${JSON.stringify(v.expectHeader[1])}: the filter did not do the work`);
    }
    if (v.expectUnauthorized) {
      const denied = await fetch(`${envoy.listenerUrl}/`);
      if (denied.status !== 401) throw new Error(`${v.key}: a request without a token answered ${denied.status}, expected 401: the filter does not enforce`);
    }
    if (envoyCore !== undefined) await pin(envoy.pid, envoyCore);
    return { variant: v, envoy, coldStartMs };
  } catch (e) {
    await envoy.stop();
    throw e;
  }
}

/** Envoy's process-wide memory (admin /memory): the only memory figure Envoy's admin exposes. */
export async function envoyMemory(envoy: RunningEnvoy): Promise<{ allocated: number; heapSize: number } | undefined> {
  try {
    const res = await fetch(`${envoy.adminUrl}/memory`, { signal: AbortSignal.timeout(5000) });
    const j = (await res.json()) as { allocated?: string; heap_size?: string };
    return { allocated: Number(j.allocated), heapSize: Number(j.heap_size) };
  } catch {
    return undefined;
  }
}

export function wrkAvailable(): boolean {
  return existsSync("/usr/bin/wrk") || existsSync("/usr/local/bin/wrk");
}
