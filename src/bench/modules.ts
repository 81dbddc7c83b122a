// The modules `npm run bench` compares, and how each is obtained:
//   - our add-header (bench/filters/add-header) in three runtime variants: minimal + the SDK's
//     safe-point collection (the default), incremental, and stub (never frees: an arena-like
//     lower bound on GC cost);
//   - our product filters (hello-world, header-rewrite, rate-limit, auth) from build/, built
//     through the project's buildAll when their source exists; absent ones are skipped;
//   - peers: the floor (bench/peers/floor, hand-written WebAssembly text: the least any Wasm
//     filter can cost), the proxy-wasm Rust SDK (bench/peers/rust, Debian's cargo for
//     wasm32-wasi), solo-io proxy-runtime 0.1.8 (bench/peers/solo, AssemblyScript 0.17) and the
//     proxy-wasm Go SDK (bench/peers/go, standard Go wasip1 c-shared). A peer that does not
//     build is skipped with the exact error; the floor and the Rust peer are required under CI
//     (CI=true), where their skip fails the run (see `required` in ModuleSet).
// Every module is checked with the build's inspectModule (what Envoy would refuse) before use.
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { effectiveConfigText, runAsc } from "../build/asc.ts";
import { BuildCache } from "../build/cache.ts";
import { buildAll } from "../build/index.ts";
import { OUT_DIR, checkEnvoyLoads } from "./bench-build.ts";
import { buildFloor } from "./floor.ts";
import { buildGo } from "./go.ts";
import { buildRust } from "./rust.ts";
import { buildSolo } from "./solo.ts";

export type Runtime = "minimal" | "incremental" | "stub";
export const RUNTIMES: Runtime[] = ["minimal", "incremental", "stub"];

export type ModuleKind = "ours" | "product" | "peer";

export interface BenchModule {
  /** Variant key, e.g. "add-header", "add-header@incremental", "solo/add-header". */
  key: string;
  /** What it is, for tables. */
  label: string;
  kind: ModuleKind;
  /** The filter's work, to pair it with Envoy's native equivalent. */
  work: "add-header" | "hello-world" | "header-rewrite" | "rate-limit" | "auth";
  runtime?: Runtime;
  wasm: string;
  bytes: number;
  rootId: string;
  /** Plugin configuration string given to Envoy and the emulator. */
  configuration: string;
}

export interface Skipped {
  key: string;
  reason: string;
}

export interface ModuleSet {
  modules: BenchModule[];
  skipped: Skipped[];
  /** Keys of skipped modules that must not be skipped here (the floor always, the Rust peer under CI): the run fails. */
  required: string[];
}

/** The peers a run can build; the floor is the reference for every variant's extra cost. */
export type Peer = "floor" | "rust" | "solo" | "go";
export const ALL_PEERS: Peer[] = ["floor", "rust", "solo", "go"];

/** Compiles bench/filters/<name> with asconfig.json's release target and `--runtime <runtime>`. */
async function compileBenchFilter(projectRoot: string, name: string, runtime: Runtime, cache: BuildCache): Promise<string> {
  const dir = join(projectRoot, "bench/filters", name);
  const outFile = join(projectRoot, OUT_DIR, `${name}.${runtime}.wasm`);
  const configText = effectiveConfigText(projectRoot);
  if (cache.fresh(outFile, configText, runtime)) return outFile;
  mkdirSync(join(projectRoot, OUT_DIR), { recursive: true });
  const result = await runAsc({ projectRoot, entry: join(dir, "index.ts"), target: "release", args: ["--runtime", runtime] });
  if (!result.ok) throw new Error(`asc failed for bench/filters/${name} (--runtime ${runtime}):\n${result.diagnostics}`);
  writeFileSync(outFile, result.binary!);
  cache.record(outFile, result.contents, result.configText, runtime);
  return outFile;
}

/** The plugin configuration each product filter gets in the bench, equivalent to the native filter's. */
export interface ProductConfigs {
  /** JWKS (JSON text) the auth filter and jwt_authn both trust. */
  jwks: string;
  issuer: string;
  audience: string;
}

/**
 * Our product filters' bench configurations. These filters are written by others and their
 * configuration schemas may change: a configuration that does not match the filter's
 * schema.json is reported as a skip naming the schema's complaint, never silently used.
 */
export function productConfig(name: string, p: ProductConfigs): unknown {
  switch (name) {
    case "hello-world":
      return { header: "x-bench", value: "envoy-as" };
    case "header-rewrite":
      return { rules: [{ name: "bench", response: { headers: [{ op: "set", name: "x-bench", value: "envoy-as" }] } }] };
    case "rate-limit":
      // One bucket for all requests (constant key), so large every request is admitted, and no
      // rate-limit headers: what the native local_ratelimit in the bench does.
      return {
        headers: { x_ratelimit: false, ietf: false, on_admitted: false },
        rules: [{ name: "bench", key: [{ source: "constant", value: "all" }], limits: [{ requests: 1_000_000_000, per: "second" }] }],
      };
    case "auth":
      // One RS256 provider with a local JWKS, required on every path; the token stays on the
      // request and no consumer header is set: what the native jwt_authn in the bench does.
      return {
        default: "deny",
        consumer_header: "",
        providers: [{ name: "bench", jwt: { issuer: p.issuer, audiences: [p.audience], algorithms: ["RS256"], jwks: JSON.parse(p.jwks), forward: true } }],
        rules: [{ name: "all", match: { path: { prefix: "/" } }, requires: "bench" }],
      };
    default:
      throw new Error(`no bench configuration for ${name}`);
  }
}

export const PRODUCT_FILTERS = ["hello-world", "header-rewrite", "rate-limit", "auth"] as const;

export interface ModuleOptions {
  projectRoot: string;
  /** Which of our add-header runtime variants to build. */
  runtimes: Runtime[];
  /** Product filters to include (when present). */
  products: readonly string[];
  peers: readonly Peer[];
  product: ProductConfigs;
  log: (s: string) => void;
}

/** Builds (or finds, cached) every module the run needs. */
export async function collectModules(o: ModuleOptions): Promise<ModuleSet> {
  const { projectRoot } = o;
  mkdirSync(join(projectRoot, OUT_DIR), { recursive: true });
  const cache = new BuildCache(join(projectRoot, OUT_DIR, ".cache.json"));
  const modules: BenchModule[] = [];
  const skipped: Skipped[] = [];
  const required: string[] = [];
  const add = (m: Omit<BenchModule, "bytes">) => {
    const problems = checkEnvoyLoads(projectRoot, m.wasm);
    if (problems.length) skipped.push({ key: m.key, reason: `Envoy would refuse ${relative(projectRoot, m.wasm)}: ${problems.join("; ")}` });
    else modules.push({ ...m, bytes: statSync(m.wasm).size });
  };
  try {
    for (const runtime of o.runtimes) {
      const wasm = await compileBenchFilter(projectRoot, "add-header", runtime, cache);
      add({
        key: runtime === "minimal" ? "add-header" : `add-header@${runtime}`,
        label: `envoy-as add-header (${runtime === "minimal" ? "minimal+SDK GC, default" : runtime})`,
        kind: "ours",
        work: "add-header",
        runtime,
        wasm,
        rootId: "add-header",
        configuration: "{}",
      });
    }

    for (const name of o.products) {
      const src = join(projectRoot, "assembly/filters", name, "index.ts");
      const wasm = join(projectRoot, "build", `${name}.wasm`);
      if (!existsSync(src) && !existsSync(wasm)) {
        skipped.push({ key: name, reason: `not written yet (no assembly/filters/${name}/index.ts, no build/${name}.wasm)` });
        continue;
      }
      if (existsSync(src)) {
        try {
          await buildAll({ projectRoot, only: [name], log: () => {} });
        } catch (e) {
          skipped.push({ key: name, reason: `does not build right now: ${(e as Error).message.split("\n").slice(0, 3).join(" | ")}` });
          continue;
        }
      }
      const config = productConfig(name, o.product);
      const schema = join(projectRoot, "assembly/filters", name, "schema.json");
      if (existsSync(schema)) {
        const { validateConfig } = await import("../config/validate.ts");
        const problems = validateConfig(config, schema);
        if (problems.length) {
          skipped.push({ key: name, reason: `the bench's configuration (src/bench/modules.ts productConfig) no longer matches ${name}'s schema: ${problems.join("; ")}` });
          continue;
        }
      }
      add({ key: name, label: `envoy-as ${name}`, kind: "product", work: name as BenchModule["work"], runtime: "minimal", wasm, rootId: name, configuration: JSON.stringify(config) });
    }
  } finally {
    cache.save();
  }

  const ci = process.env.CI === "true";
  if (o.peers.includes("floor")) {
    try {
      const wasm = buildFloor(projectRoot, join(projectRoot, OUT_DIR), cache);
      add({ key: "floor/add-header", label: "floor: hand-written WebAssembly text, one host call (bench/peers/floor)", kind: "peer", work: "add-header", wasm, rootId: "add-header", configuration: "{}" });
    } catch (e) {
      skipped.push({ key: "floor/add-header", reason: `did not assemble: ${(e as Error).message}` });
    } finally {
      cache.save();
    }
    if (skipped.some((s) => s.key === "floor/add-header")) required.push("floor/add-header");
  }
  if (o.peers.includes("rust")) {
    try {
      const { wasm, via } = await buildRust(projectRoot, join(projectRoot, OUT_DIR), o.log);
      add({ key: "rust/add-header", label: `proxy-wasm Rust SDK add-header (${via})`, kind: "peer", work: "add-header", wasm, rootId: "add-header", configuration: "{}" });
    } catch (e) {
      skipped.push({ key: "rust/add-header", reason: `did not build: ${(e as Error).message}` });
    }
    // CI installs the toolchain (.ci/run), so there a missing one is a failure, not a skip.
    if (ci && skipped.some((s) => s.key === "rust/add-header")) required.push("rust/add-header");
  }
  if (o.peers.includes("solo")) {
    try {
      const wasm = await buildSolo(projectRoot, cache, o.log);
      add({ key: "solo/add-header", label: "solo-io proxy-runtime 0.1.8 add-header (AS 0.17.14)", kind: "peer", work: "add-header", wasm, rootId: "add-header", configuration: "{}" });
    } catch (e) {
      skipped.push({ key: "solo/add-header", reason: `did not build: ${(e as Error).message}` });
    } finally {
      cache.save();
    }
  }
  if (o.peers.includes("go")) {
    try {
      const { wasm, via } = await buildGo(projectRoot, cache);
      add({ key: "go/add-header", label: `proxy-wasm Go SDK add-header (${via})`, kind: "peer", work: "add-header", wasm, rootId: "add-header", configuration: "{}" });
    } catch (e) {
      skipped.push({ key: "go/add-header", reason: `did not build:\n    ${(e as Error).message}` });
    } finally {
      cache.save();
    }
  }
  return { modules, skipped, required };
}
