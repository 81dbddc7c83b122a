// The one way envoy-as runs the AssemblyScript compiler (build, dev hot reload, bench). It adds
// what every proxy-wasm module of this SDK needs, so a project's asconfig.json holds only its own
// choices (optimization targets):
//
// - Package resolution. A filter writes `import { HttpContext } from "envoy-as"` (and
//   "envoy-as/lib/regex", "envoy-as/sdk/json", …). asc 0.28 turns such an import into a search for
//   node_modules/envoy-as/<path>.ts (or <path>/index.ts) in every folder above the importing file.
//   We answer every one of those reads from this package's assembly/ folder, so the SDK a filter
//   compiles against is always the one of the envoy-as that runs the build (in a user's project
//   that is node_modules/envoy-as; in this repository it is the checkout itself).
// - Runtime settings the SDK relies on, applied over the project's asconfig.json: the minimal
//   runtime (the SDK collects garbage at the end of each callback), `_initialize` as the start
//   export, and asc's abort/trace/seed routed to the SDK's replacements (Envoy links only
//   env.proxy_* and WASI imports).
// - Only the per-stream callbacks the filter overrides are exported (unused-callbacks.ts): Envoy
//   skips a callback a module does not export, so a no-op default costs nothing per request.
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { PACKAGE_ASSEMBLY, requireBuildableProject } from "../paths.ts";
import { type CallbackPruning, unusedCallbacksTransform } from "./unused-callbacks.ts";

/** The package name filters import the SDK by. */
export const SDK_PACKAGE = "envoy-as";

/** asc's internal path of the SDK's runtime replacements when imported by package name. */
const RUNTIME_FILE = `~lib/${SDK_PACKAGE}/sdk/runtime/abort`;

/** Options every module gets, whatever the project's asconfig.json says. */
export const SDK_ASC_OPTIONS = {
  runtime: "minimal",
  exportStart: "_initialize",
  use: [`abort=${RUNTIME_FILE}/abort`, `trace=${RUNTIME_FILE}/trace`, `seed=${RUNTIME_FILE}/seed`],
} as const;

/** The name under which the effective configuration is served to asc (never written to disk). */
const EFFECTIVE_CONFIG = "asconfig.envoy-as.json";

interface AsConfig {
  targets?: Record<string, Record<string, unknown>>;
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Reads the project's asconfig.json; errors name the file and the fix. */
export function readProjectAsconfig(projectRoot: string): AsConfig {
  const file = join(requireBuildableProject(projectRoot), "asconfig.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new AscConfigError(`${file} is not valid JSON (${(err as Error).message}): fix the file`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new AscConfigError(`${file} must hold a JSON object with "targets"`);
  return parsed as AsConfig;
}

/** A project asconfig.json that cannot be used. */
export class AscConfigError extends Error {
  override name = "AscConfigError";
}

/**
 * The project's asconfig.json with the SDK's options applied over its own, plus `extraTargets`
 * (e.g. the dev loop's unoptimized target). The project's other `use` aliases are kept.
 */
export function effectiveConfigText(projectRoot: string, extraTargets: Record<string, Record<string, unknown>> = {}): string {
  const base = readProjectAsconfig(projectRoot);
  const own = (base.options ?? {}) as { use?: unknown };
  const ownUse = (Array.isArray(own.use) ? own.use : typeof own.use === "string" ? [own.use] : []) as string[];
  const reserved = new Set(["abort", "trace", "seed"]);
  const use = [...SDK_ASC_OPTIONS.use, ...ownUse.filter((u) => !reserved.has(String(u).split("=")[0]!.trim()))];
  return JSON.stringify({
    ...base,
    options: { ...base.options, ...SDK_ASC_OPTIONS, use },
    targets: { ...base.targets, ...extraTargets },
  });
}

/** Where a read of `<…>/node_modules/envoy-as/<rest>` is served from, or undefined for other paths. */
export function packagePath(path: string): string | undefined {
  const marker = `${sep}node_modules${sep}${SDK_PACKAGE}${sep}`;
  const at = path.lastIndexOf(marker);
  if (at < 0) return undefined;
  return join(PACKAGE_ASSEMBLY, path.slice(at + marker.length));
}

export interface AscRun {
  /** Project root: asc's base directory; asconfig.json is read from here. */
  projectRoot: string;
  /** Entry file (absolute). */
  entry: string;
  /** Target of asconfig.json (or of extraTargets). */
  target: string;
  /** Targets added to the project's (e.g. the dev loop's). */
  extraTargets?: Record<string, Record<string, unknown>>;
  /** Further command-line options (they take precedence over the configuration). */
  args?: string[];
  /** Also produce a source map (debug builds). */
  sourceMap?: boolean;
  /** File name of the module, as the source map and its URL name it. Default "module.wasm". */
  outName?: string;
  /** Keep every SDK callback export, even those that would only run defaults (unused-callbacks.ts). */
  keepAllCallbacks?: boolean;
}

export interface AscResult {
  ok: boolean;
  /** The module, when ok. */
  binary?: Uint8Array;
  /** The source map text, when asked for and ok. */
  sourceMap?: string;
  /** asc's diagnostics (errors and warnings) as it prints them. */
  diagnostics: string;
  /** Absolute paths of the files the compile read (the entry, the SDK, the project's own), sorted. */
  deps: string[];
  /** Contents of `deps` as read (same order). */
  contents: Map<string, string>;
  /** The effective configuration served to asc. */
  configText: string;
  millis: number;
  /** SDK callbacks left out of the exports because the filter does not override them. */
  droppedCallbacks: string[];
  /** asc's own split of the time, in ms. */
  phases: { parse: number; compile: number; optimize: number; emit: number };
}

/** Compiles one entry in memory; never writes files. Throws only for an unusable asconfig.json. */
export async function runAsc(o: AscRun): Promise<AscResult> {
  const started = performance.now();
  const root = resolve(o.projectRoot);
  const configText = effectiveConfigText(root, o.extraTargets);
  const reads = new Map<string, string>();
  let binary: Uint8Array | undefined;
  let sourceMap: string | undefined;
  const stdout = asc.createMemoryStream();
  const stderr = asc.createMemoryStream();
  const args = [relative(root, o.entry), "--config", EFFECTIVE_CONFIG, "--target", o.target, "--outFile", o.outName ?? "module.wasm", "--baseDir", root, ...(o.args ?? [])];
  if (o.sourceMap) args.push("--sourceMap");
  const pruning: CallbackPruning = { dropped: [] };
  const { error, stats } = await asc.main(args, {
    transforms: o.keepAllCallbacks ? [] : [unusedCallbacksTransform(pruning) as never],
    stdout,
    stderr,
    readFile: async (name, baseDir) => {
      const asked = resolve(baseDir, name);
      if (asked === join(root, EFFECTIVE_CONFIG)) return configText;
      const path = packagePath(asked) ?? asked;
      try {
        const text = await readFile(path, "utf8");
        reads.set(path, text);
        return text;
      } catch {
        return null;
      }
    },
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      else if (name.endsWith(".wasm.map")) sourceMap = String(contents);
    },
  });
  const diagnostics = stderr.toString().trim();
  const deps = [...reads.keys()].sort();
  const ms = (ns: number) => Math.round(ns / 1e6);
  return {
    ok: !error && binary !== undefined,
    binary: error ? undefined : binary,
    sourceMap: error ? undefined : sourceMap,
    diagnostics: error && !diagnostics ? String(error) : diagnostics,
    deps,
    contents: reads,
    configText,
    droppedCallbacks: pruning.dropped,
    millis: performance.now() - started,
    phases: { parse: ms(stats.parseTime), compile: ms(stats.compileTime), optimize: ms(stats.optimizeTime), emit: ms(stats.emitTime) },
  };
}

/** Paths a filter can import from the package (for the hint on an import that does not resolve). */
export const PACKAGE_IMPORTS = ["envoy-as", "envoy-as/sdk/json", "envoy-as/sdk/util", "envoy-as/sdk/abi/exports", "envoy-as/sdk/abi/exports-http", "envoy-as/lib/config", "envoy-as/lib/crypto", "envoy-as/lib/match", "envoy-as/lib/regex", "envoy-as/compat/solo"];

/** asc's diagnostics plus one line of advice for an SDK import that did not resolve. */
export function explainDiagnostics(diagnostics: string): string {
  const missing = /File '~lib\/envoy-as\/([^']+?)(?:\/index)?\.ts' not found/.exec(diagnostics)?.[1];
  if (missing !== undefined) {
    return `${diagnostics}\n"envoy-as/${missing}" is not part of the envoy-as package. Import the SDK from "envoy-as"; other paths: ${PACKAGE_IMPORTS.slice(1).join(", ")} (docs/sdk.md).`;
  }
  if (/File '[^']*\bsdk(\/[^']*)?\.ts' not found/.test(diagnostics)) {
    return `${diagnostics}\nImport the SDK by package name: import { … } from "envoy-as" (not a relative path to sdk/).`;
  }
  return diagnostics;
}
