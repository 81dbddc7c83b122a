// `envoy-as build`: compiles every filter (release + debug), checks each module against what
// Envoy links, validates each filter's sample configuration against its schema, and prints a
// size table. Fails (BuildError) with asc's diagnostics or the offending file and import.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { effectiveConfigText, explainDiagnostics } from "./asc.ts";
import { BuildCache } from "./cache.ts";
import { compileFilter, type CompileResult, type Target } from "./compile.ts";
import { compileAll, threadsFor, type PoolJob } from "./pool.ts";
import { type FilterSource, debugPath, findFilters, shown } from "./filters.ts";
import { inspectModule } from "./inspect.ts";
import { checkConfigContract, describeRefusal } from "../config/contract.ts";
import { validateConfigFile } from "../config/validate.ts";
import { PACKAGE_ROOT, requireBuildableProject } from "../paths.ts";
import { describeOrigin, lookupFilter, projectFilters, shippedFilters } from "./catalog.ts";

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}

export interface BuiltFilter {
  name: string;
  wasm: string;
  debugWasm: string;
  bytes: number;
  debugBytes: number;
  imports: string[];
  /** "0.2.1" etc. */
  abi: string | undefined;
  cached: boolean;
  millis: number;
  source: FilterSource;
}

export interface BuildOptions {
  projectRoot?: string;
  /** Only these filters (by name). */
  only?: string[];
  /** Ignore the cache and recompile. */
  force?: boolean;
  /** Print progress and the size table (default true). */
  log?: (line: string) => void;
  /** Which modules to produce (default release and debug). */
  targets?: Targets;
  /** Compile threads (default: one per core, at most one per module to compile). */
  threads?: number;
}

/** Validates a filter's sample configuration against its schema, if it has both. */
export function checkSampleConfig(projectRoot: string, filter: FilterSource): void {
  if (!filter.config || !filter.schema) return;
  const problems = validateConfigFile(filter.config, filter.schema);
  if (problems.length) {
    const file = shown(projectRoot, filter.config);
    throw new BuildError(`${file} is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}\nFix the configuration (schema: ${shown(projectRoot, filter.schema)}).`);
  }
}

/** The targets a build produces: both by default; `start` needs only the release module. */
export type Targets = readonly Target[];
const ALL_TARGETS: Targets = ["release", "debug"];

function outputOf(filter: FilterSource, target: Target): string {
  return target === "release" ? filter.wasm : debugPath(filter.wasm);
}

/** The targets of `filter` whose module is missing or was built from other inputs. */
function staleTargets(projectRoot: string, filter: FilterSource, cache: BuildCache, targets: Targets, force: boolean): Target[] {
  const configText = effectiveConfigText(projectRoot);
  return targets.filter((t) => force || !cache.fresh(outputOf(filter, t), configText, t));
}

/** Records a compile in the cache, or throws BuildError with asc's diagnostics. */
function accept(projectRoot: string, filter: FilterSource, target: Target, result: CompileResult, cache: BuildCache): void {
  if (!result.ok) throw new BuildError(`${shown(projectRoot, filter.entry)} failed to compile (${target}):\n${explainDiagnostics(result.diagnostics)}`);
  cache.record(outputOf(filter, target), result.contents, result.configText, target);
  cache.save(); // at once: a build stopped half-way (Ctrl-C) keeps what it finished
}

/** Inspects the built modules of `filter` (what Envoy would refuse) and describes them. */
function describeBuilt(projectRoot: string, filter: FilterSource, targets: Targets, cached: boolean, millis: number): BuiltFilter {
  const problems: string[] = [];
  const reports = targets.map((t) => {
    const file = outputOf(filter, t);
    const report = inspectModule(readFileSync(file), shown(projectRoot, file));
    problems.push(...report.problems);
    return report;
  });
  if (problems.length) throw new BuildError(problems.join("\n"));
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return {
    name: filter.name,
    wasm: filter.wasm,
    debugWasm: debugPath(filter.wasm),
    bytes: size(filter.wasm),
    debugBytes: size(debugPath(filter.wasm)),
    imports: reports[0]!.imports,
    abi: reports[0]!.abi,
    cached,
    millis,
    source: filter,
  };
}

/** Builds one filter (both targets, or `targets`) in this thread, unless its inputs are unchanged. */
export async function buildFilter(projectRoot: string, filter: FilterSource, cache: BuildCache, force = false, targets: Targets = ALL_TARGETS): Promise<BuiltFilter> {
  checkSampleConfig(projectRoot, filter);
  const started = performance.now();
  const stale = staleTargets(projectRoot, filter, cache, targets, force);
  for (const target of stale) accept(projectRoot, filter, target, await compileFilter(projectRoot, filter, target), cache);
  await checkSampleConfigured(projectRoot, filter, filter.wasm, targets, cache);
  return describeBuilt(projectRoot, filter, targets, stale.length === 0, performance.now() - started);
}

/** Formats the size table printed after a build. */
export function sizeTable(projectRoot: string, built: BuiltFilter[]): string {
  const rows = built.map((b) => [b.name, shown(projectRoot, b.wasm), b.bytes.toLocaleString("en-US"), b.debugBytes ? b.debugBytes.toLocaleString("en-US") : "-", b.abi ?? "?", b.cached ? "cached" : `${Math.round(b.millis)} ms`]);
  const head = ["filter", "module", "release bytes", "debug bytes", "abi", "build"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Builds every filter (or `only` some); prints a size table; throws BuildError on the first failure. */
export async function buildAll(options: BuildOptions = {}): Promise<BuiltFilter[]> {
  const projectRoot = requireBuildableProject(options.projectRoot ?? process.cwd());
  const log = options.log ?? ((line: string) => console.log(line));
  let filters = findFilters(projectRoot);
  if (options.only?.length) {
    for (const name of options.only) {
      if (filters.some((f) => f.name === name)) continue;
      const ref = lookupFilter(projectRoot, name); // throws UnknownFilterError, listing what exists
      throw new BuildError(`${describeOrigin(projectRoot, ref)}: nothing to build (use it as it is, or copy its configuration into your own filter)`);
    }
    filters = filters.filter((f) => options.only!.includes(f.name));
  }
  if (filters.length === 0) {
    throw new BuildError(`no filters in ${join(projectRoot, "assembly/filters")}/: add one with \`npx envoy-as init my-filter\``);
  }
  for (const f of filters) {
    const own = projectFilters(projectRoot).find((p) => p.name === f.name);
    if (own && projectRoot !== PACKAGE_ROOT && shippedFilters().some((s) => s.name === f.name)) log(describeOrigin(projectRoot, own));
  }
  mkdirSync(join(projectRoot, "build"), { recursive: true });
  const cache = new BuildCache(join(projectRoot, "build", ".cache.json"));
  const targets = options.targets ?? ALL_TARGETS;
  const built: BuiltFilter[] = [];
  try {
    for (const f of filters) checkSampleConfig(projectRoot, f);
    // Release compiles (Binaryen's optimizer: most of the time) first, so the threads finish together.
    const jobs = filters
      .flatMap((filter) => staleTargets(projectRoot, filter, cache, targets, !!options.force).map((target) => ({ filter, target })))
      .sort((a, b) => (a.target === b.target ? 0 : a.target === "release" ? -1 : 1));
    const threads = options.threads ?? threadsFor(jobs.length);
    const millis = new Map<string, number>();
    if (jobs.length) {
      const names = [...new Set(jobs.map((j) => j.filter.name))];
      log(`compiling ${names.join(", ")} (${targets.join(" + ")}) on ${threads} thread${threads > 1 ? "s" : ""}…`);
    }
    const done = (job: PoolJob, r: CompileResult) => {
      millis.set(job.filter.name, (millis.get(job.filter.name) ?? 0) + r.millis);
      log(`  ${job.filter.name} ${job.target}: ${r.ok ? `${(r.millis / 1000).toFixed(1)} s` : "failed"}`);
    };
    if (threads > 1 && jobs.length > 1) {
      const results = await compileAll(projectRoot, jobs, threads, (job, r) => {
        done(job, r);
        if (r.ok) accept(projectRoot, job.filter, job.target, r, cache); // recorded as each one lands
      });
      jobs.forEach((job, i) => results[i]!.ok || accept(projectRoot, job.filter, job.target, results[i]!, cache)); // throws the first failure
    } else {
      for (const job of jobs) {
        const r = await compileFilter(projectRoot, job.filter, job.target);
        done(job, r);
        accept(projectRoot, job.filter, job.target, r, cache);
      }
    }
    for (const filter of filters) {
      const compiled = millis.get(filter.name);
      built.push(describeBuilt(projectRoot, filter, targets, compiled === undefined, compiled ?? 0));
    }
    for (const b of built) await checkSampleConfigured(projectRoot, b.source, b.wasm, targets, cache);
  } finally {
    cache.save();
  }
  log(sizeTable(projectRoot, built));
  return built;
}

/**
 * The other half of the configuration contract (src/config/contract.ts): the filter's onConfigure, run
 * in the emulator on the module just built, must accept its sample config.json too, so what the schema
 * cannot say (a regex that does not compile, duplicate names) fails the build, not Envoy's reload.
 */
async function checkSampleConfigured(projectRoot: string, filter: FilterSource, wasm: string, targets: Targets, cache: BuildCache): Promise<void> {
  if (!filter.config) return;
  const module = targets.includes("release") ? wasm : debugPath(wasm);
  const text = readFileSync(filter.config, "utf8");
  // Recorded like a build output: the same module and config.json were accepted before.
  const key = createHash("sha256").update(readFileSync(module)).update("\0").update(text).digest("hex");
  const record = `${filter.config}#onConfigure`;
  if (cache.freshKey(record, key)) return;
  const verdict = await checkConfigContract({ name: filter.name, wasm: module }, JSON.parse(text));
  if (verdict.ok) return cache.recordKey(record, key);
  throw new BuildError(`${describeRefusal(shown(projectRoot, filter.config), filter.name, verdict)}\nFix the configuration, or the filter's onConfigure.`);
}
