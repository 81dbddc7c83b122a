// `npm run bench`: how our filters compare with the alternatives on the machine it runs on, as
// ratios measured side by side in one run (never absolute times baked into tests).
//   full (default)  every variant, 16 interleaved rounds × 1 s in Envoy, each beside no filter, then head to head, 5 × 2 s in the emulator
//   --quick         the same variants, 5 rounds × 1 s (about two minutes with warm caches)
//   --smoke         CI's guard against rot: one short wrk run of no filter, add-header, the floor
//                   and the Rust SDK peer, the emulator on those, sizes
// Every Envoy variant is reported by req/s and by Envoy's CPU time per request (src/bench/cpu.ts),
// each as the extra over no filter and as a multiple of the floor's extra (src/bench/cost.ts).
// Writes bench/results/<latest|smoke>.{json,md,svg} and latest.raw.json (wrk's own output).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { betweenRuns } from "./between-runs.ts";
import { runEmulator } from "./emulator.ts";
import { makeJwtMaterial } from "./jwt.ts";
import { cpuModel, loadAvg } from "./machine.ts";
import { measureEnvoy } from "./measure-envoy.ts";
import { ALL_PEERS, PRODUCT_FILTERS, RUNTIMES, collectModules, type Peer, type Skipped } from "./modules.ts";
import { renderSvg } from "./chart.ts";
import { renderMarkdown, renderTable } from "./report.ts";
import type { BenchOptions, BenchResult, EnvoyRow, HeadToHead, Mode } from "./result.ts";
import { runtimeComparison } from "./runtimes.ts";
import { targets } from "./targets.ts";

export type { BenchOptions, BenchResult, EnvoyRow, Mode, RuntimeRow, Target } from "./result.ts";
export { targets } from "./targets.ts";

const SETTINGS: Record<Mode, { rounds: number; durationS: number; warmupS: number; emuRounds: number; emuMs: number; emuWarmup: number; uniqueTokens: number }> = {
  full: { rounds: 16, durationS: 1, warmupS: 2, emuRounds: 5, emuMs: 2000, emuWarmup: 2000, uniqueTokens: 3000 },
  quick: { rounds: 5, durationS: 1, warmupS: 1, emuRounds: 2, emuMs: 400, emuWarmup: 1000, uniqueTokens: 1000 },
  smoke: { rounds: 1, durationS: 1, warmupS: 0, emuRounds: 1, emuMs: 200, emuWarmup: 500, uniqueTokens: 0 },
};

/**
 * The save-to-serving p50s in bench/results/hot-reload.json (written by bench/hot-reload.ts):
 * every `saveToServing.p50` (ms) found, named by its path, e.g. "header-rewrite -O0 / code".
 */
export function hotReloadP50s(data: unknown, path: string[] = []): { what: string; p50Ms: number }[] {
  if (!data || typeof data !== "object" || Array.isArray(data)) return [];
  const out: { what: string; p50Ms: number }[] = [];
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    if (k === "saveToServing" && v && typeof v === "object" && typeof (v as { p50?: unknown }).p50 === "number") {
      out.push({ what: path.join(" / ") || "(top)", p50Ms: (v as { p50: number }).p50 });
    } else {
      out.push(...hotReloadP50s(v, [...path, k]));
    }
  }
  return out;
}

/** One bench run: builds the modules, measures them in the emulator and in Envoy, writes bench/results/. */
export async function runBench(o: BenchOptions): Promise<{ result: BenchResult; exitCode: number }> {
  const t0 = performance.now();
  const log = o.log ?? ((s: string) => console.error(s));
  const base = SETTINGS[o.mode];
  // wrk takes whole seconds.
  const settings = { ...base, rounds: o.rounds ?? base.rounds, durationS: Math.max(1, Math.round(o.durationS ?? base.durationS)) };
  // 64 connections keep Envoy's one worker busy all the time: at 16 it idled for up to a third
  // of some rounds, waiting on the loopback round trip, and its CPU per request rose with it.
  const connections = o.connections ?? 64;
  // The floor always runs (every cost is stated against it); --no-peers drops the SDK peers.
  const peers: Peer[] = o.peers === false ? ["floor"] : o.mode === "smoke" ? ["floor", "rust"] : ALL_PEERS;
  const useEnvoy = o.envoy ?? true;
  const loadAvgStart = loadAvg();
  const cores = cpus().length;
  const work = mkdtempSync(join(tmpdir(), "envoy-as-bench-"));
  const skipped: Skipped[] = [];
  let exitCode = 0;

  const jwt = settings.uniqueTokens > 0 ? makeJwtMaterial(settings.uniqueTokens) : undefined;
  const product = { jwks: jwt?.jwks ?? "{}", issuer: jwt?.issuer ?? "", audience: jwt?.audience ?? "" };
  log(`bench: ${o.mode} mode; building modules ...`);
  const set = await collectModules({
    projectRoot: o.projectRoot,
    runtimes: o.mode === "smoke" ? ["minimal"] : RUNTIMES,
    products: o.mode === "smoke" ? [] : PRODUCT_FILTERS,
    peers,
    product,
    log,
  });
  skipped.push(...set.skipped);
  for (const key of set.required) {
    log(`bench: ${key} is required here (${key === "floor/add-header" ? "every cost is stated against it" : "CI installs its toolchain"}) and did not build: ${set.skipped.find((s) => s.key === key)?.reason}`);
    exitCode = 1;
  }
  const modules = set.modules;
  if (!modules.some((m) => m.key === "add-header")) throw new Error(`the bench's own add-header filter did not build: ${JSON.stringify(set.skipped)}`);

  // Emulator.
  log(`bench: emulator, ${modules.length} modules ...`);
  const emu = await runEmulator(modules, jwt, { rounds: settings.emuRounds, durationMs: settings.emuMs, warmupRequests: settings.emuWarmup }, log);
  for (const e of emu.errors) skipped.push({ key: `emulator: ${e.key}`, reason: e.reason });

  // Envoy.
  let envoyVersion = "not run";
  let rows: EnvoyRow[] = [];
  let headToHead: HeadToHead[] = [];
  let raw: Record<string, string[]> = {};
  let pinned = "no (taskset missing or fewer than 2 cores)";
  if (useEnvoy) {
    const measured = await measureEnvoy(modules, jwt, { mode: o.mode, rounds: settings.rounds, durationS: settings.durationS, warmupS: settings.warmupS, connections, work, log });
    ({ rows, raw, envoyVersion, pinned, headToHead } = measured);
    skipped.push(...measured.skipped);
    if (measured.failed) exitCode = 1;
  }
  rmSync(work, { recursive: true, force: true });

  const runtimes = runtimeComparison(modules, emu.results, rows);

  // Hot reload (another engineer's bench/hot-reload.ts writes bench/results/hot-reload.json).
  const hotFile = join(o.projectRoot, "bench/results/hot-reload.json");
  let hotReload: BenchResult["hotReload"] = { status: "pending" };
  if (existsSync(hotFile)) {
    try {
      const data = JSON.parse(readFileSync(hotFile, "utf8"));
      const p50s = hotReloadP50s(data);
      hotReload = { status: "present", source: "bench/results/hot-reload.json", p50s, p50Ms: p50s.length ? Math.max(...p50s.map((p) => p.p50Ms)) : undefined, data };
    } catch (e) {
      hotReload = { status: "pending", source: `bench/results/hot-reload.json unreadable: ${(e as Error).message}` };
    }
  }

  const loadAvgEnd = loadAvg();
  const result: BenchResult = {
    mode: o.mode,
    date: new Date().toISOString(),
    elapsedS: Math.round((performance.now() - t0) / 100) / 10,
    machine: {
      cpu: cpuModel(),
      cores,
      node: process.version,
      envoy: envoyVersion,
      loadAvgStart,
      loadAvgEnd,
      busy: Math.max(Number(loadAvgStart.split(" ")[0]), Number(loadAvgEnd.split(" ")[0])) > cores * 0.5,
    },
    settings: {
      rounds: settings.rounds,
      durationS: settings.durationS,
      warmupS: settings.warmupS,
      connections,
      pinned,
      cpu: "Envoy's run time, the sum over its threads of /proc/<pid>/task/<tid>/schedstat (ns), over the requests wrk reports, per round",
      emulator: { rounds: settings.emuRounds, ms: settings.emuMs, warmup: settings.emuWarmup },
      uniqueTokens: settings.uniqueTokens,
    },
    sizes: modules.map((m) => ({ key: m.key, label: m.label, bytes: m.bytes })),
    envoy: rows,
    headToHead,
    emulator: emu.results,
    runtimes,
    hotReload,
    envoyMemoryNote:
      "Envoy's admin exposes only process-wide memory (/memory: tcmalloc bytes allocated; V8 maps Wasm linear memory outside tcmalloc, so it is not in that figure) and no per-VM linear memory stat; the bench also reads the process RSS from /proc/<pid>/status, which does include linear memory touched.",
    targets: [],
    skipped,
  };
  result.targets = targets(result);

  const outDir = join(o.projectRoot, "bench/results");
  mkdirSync(outDir, { recursive: true });
  const name = o.mode === "smoke" ? "smoke" : "latest";
  // The run before this one (same mode) becomes previous.json, and this run says how far every
  // variant moved from it.
  const before = readSaved(join(outDir, `${name}.json`));
  const previousFile = join(outDir, name === "latest" ? "previous.json" : `${name}.previous.json`);
  if (before?.mode === o.mode && before.envoy?.length) writeFileSync(previousFile, JSON.stringify(before, null, 2) + "\n");
  result.betweenRuns = betweenRuns(readSaved(previousFile), result);
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  writeFileSync(join(outDir, `${name}.md`), renderMarkdown(result));
  writeFileSync(join(outDir, `${name}.svg`), renderSvg(result));
  writeFileSync(join(outDir, `${name}.raw.json`), JSON.stringify(raw, null, 2) + "\n");
  console.log(renderTable(result));
  console.log(`\nwrote bench/results/${name}.{json,md,svg} (+ ${name}.raw.json, wrk's own output) in ${result.elapsedS}s`);
  return { result, exitCode };
}

function readSaved(file: string): BenchResult | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as BenchResult;
  } catch {
    return undefined;
  }
}

/** Re-renders bench/results/latest.{md,svg} (and the terminal table) from latest.json, recomputing the targets. */
export function renderSaved(projectRoot: string, name = "latest"): void {
  const outDir = join(projectRoot, "bench/results");
  const result = JSON.parse(readFileSync(join(outDir, `${name}.json`), "utf8")) as BenchResult;
  result.targets = targets(result);
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  writeFileSync(join(outDir, `${name}.md`), renderMarkdown(result));
  writeFileSync(join(outDir, `${name}.svg`), renderSvg(result));
  console.log(renderTable(result));
}
