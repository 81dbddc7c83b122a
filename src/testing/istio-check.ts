/**
 * Istio's own code as the judge of our WasmPlugin YAML: a small Go program
 * (test/fixtures/istio-check) built against istio.io/istio and istio.io/api from the Go module
 * proxy. It reads each file the way it reaches istiod through kubectl (sigs.k8s.io/yaml, YAML 1.1,
 * then the WasmPlugin proto with unknown fields refused) and runs Istio's ValidateWasmPlugin
 * (pkg/config/validation).
 *
 * Built once per machine into `~/.cache/envoy-as/istio-check/<hash of the Go sources>/`
 * (ENVOY_AS_CACHE overrides), like the ratelimit service. Needs Go on PATH for the first build
 * (GOTOOLCHAIN=auto fetches the toolchain go.mod asks for).
 *
 *   npx tsx src/testing/istio-check.ts build     # build (or find) the binary, print its path and time
 *
 * ```ts
 * const [r] = await istioCheck(["build/deploy/auth/wasmplugin.yaml"]);
 * // r.errors: Istio's validation errors; r.pluginConfig: what istiod hands the plugin
 * ```
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The Go module (main.go, go.mod, go.sum) kept in the repository. */
export const SOURCE_DIR = join(ROOT, "test", "fixtures", "istio-check");
const SOURCES = ["main.go", "go.mod", "go.sum"];

/** Cache directory keyed by the sources, so a changed program or dependency is rebuilt. */
function cacheDir(): string {
  const hash = createHash("sha256");
  for (const f of SOURCES) hash.update(f).update("\0").update(readFileSync(join(SOURCE_DIR, f))).update("\0");
  return join(process.env.ENVOY_AS_CACHE ?? join(homedir(), ".cache", "envoy-as"), "istio-check", hash.digest("hex").slice(0, 16));
}

/** Path of the checker binary (it may not be built yet). */
export function istioCheckBinary(): string {
  return join(cacheDir(), "istio-check");
}

/** Builds the checker once (cached); returns its path and how long the build took (0 if cached). Throws without Go. */
export async function ensureIstioCheckBinary(log: (line: string) => void = () => {}): Promise<{ path: string; buildMs: number }> {
  const bin = istioCheckBinary();
  if (existsSync(bin)) return { path: bin, buildMs: 0 };
  mkdirSync(dirname(bin), { recursive: true });
  const started = Date.now();
  log(`building ${SOURCE_DIR} with go build (istio.io/istio, istio.io/api from the module proxy; cached in ${dirname(bin)})`);
  const partial = `${bin}.partial-${process.pid}`;
  try {
    await run("go", ["build", "-trimpath", "-o", partial, "."], {
      cwd: SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "auto" },
      timeout: 20 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === "ENOENT") throw new Error("the Istio checker needs Go (>= 1.21) on PATH to build once: install it (e.g. apt-get install golang, or go.dev/dl)");
    throw new Error(`go build in ${SOURCE_DIR} failed: ${e.stderr || e.message}`);
  }
  renameSync(partial, bin);
  const buildMs = Date.now() - started;
  log(`built ${bin} in ${(buildMs / 1000).toFixed(1)} s`);
  return { path: bin, buildMs };
}

/** What Istio made of one file. */
export interface IstioCheckResult {
  file: string;
  /** The document as kubectl sends it to the API server (sigs.k8s.io/yaml → JSON). */
  json: Record<string, unknown>;
  /** spec.pluginConfig as istiod passes it to the plugin (WasmPlugins only). */
  pluginConfig?: unknown;
  /** Istio's validation errors (empty when valid), or the proto decoding error. */
  errors: string[];
  warnings: string[];
}

/** Runs the checker over `files` (building it first if needed); one result per file. */
export async function istioCheck(files: string[]): Promise<IstioCheckResult[]> {
  const { path } = await ensureIstioCheckBinary();
  const { stdout } = await run(path, files, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim().split("\n").map((l) => JSON.parse(l) as IstioCheckResult);
}

// CLI: `npx tsx src/testing/istio-check.ts build` (CI builds the binary once, timed).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? "build";
  if (cmd !== "build") {
    console.error("usage: tsx src/testing/istio-check.ts build");
    process.exit(2);
  }
  ensureIstioCheckBinary((l) => console.log(l)).then(
    ({ path, buildMs }) => console.log(buildMs ? `istio-check: ${path} (built in ${(buildMs / 1000).toFixed(1)} s)` : `istio-check: ${path} (cached)`),
    (err: Error) => { console.error(err.message); process.exit(1); },
  );
}
