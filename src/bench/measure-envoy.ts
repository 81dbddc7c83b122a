// The Envoy part of a bench run: one Envoy per variant, all started up front, then measured in
// rounds with wrk (order rotated each round), Envoy's CPU per request read from /proc around each
// run, memory before and after, and each row's cost against no filter and the floor.
import { execFile } from "node:child_process";
import { cpus } from "node:os";
import { promisify } from "node:util";
import { ensureEnvoy } from "../envoy/install.ts";
import { costOf, type RoundCost } from "./cost.ts";
import { processRunSeconds } from "./cpu.ts";
import { median } from "./emulator.ts";
import { envoyMemory, hasCommand, runWrk, startVariant, writeUniqueTokenScript, type StartedVariant, type WrkResult } from "./envoy.ts";
import type { JwtMaterial } from "./jwt.ts";
import { rssOf } from "./machine.ts";
import type { BenchModule, Skipped } from "./modules.ts";
import { spreadOf } from "./cost.ts";
import type { EnvoyRow, HeadToHead, Mode } from "./result.ts";
import { envoyVariants } from "./variants.ts";

const run = promisify(execFile);

export interface EnvoyMeasureOptions {
  mode: Mode;
  rounds: number;
  durationS: number;
  warmupS: number;
  connections: number;
  /** Folder for wrk's scripts. */
  work: string;
  log: (s: string) => void;
}

export interface EnvoyMeasurement {
  rows: EnvoyRow[];
  /** wrk's own output per variant and round. */
  raw: Record<string, string[]>;
  envoyVersion: string;
  pinned: string;
  skipped: Skipped[];
  /** A variant that must run (ours, native, baseline) failed, or the load saw errors. */
  failed: boolean;
  headToHead: HeadToHead[];
}

/**
 * The pairs the targets judge, loaded head to head as well: add-header beside the floor and the
 * Rust peer, each product filter beside its native counterpart.
 */
export function headToHeadPairs(keys: string[], nativeOf: (key: string) => string | undefined): [string, string][] {
  const has = new Set(keys);
  const pairs: [string, string][] = [];
  for (const b of ["floor/add-header", "rust/add-header"]) if (has.has("add-header") && has.has(b)) pairs.push(["add-header", b]);
  for (const a of keys) {
    const native = nativeOf(a);
    if (native && has.has(native) && !a.startsWith("native/")) pairs.push([a, native]);
  }
  return pairs;
}

/** Measures every variant of `modules` in a real Envoy. */
export async function measureEnvoy(modules: BenchModule[], jwt: JwtMaterial | undefined, o: EnvoyMeasureOptions): Promise<EnvoyMeasurement> {
  const { log, work, connections } = o;
  const settings = o;
  const cores = cpus().length;
  const rows: EnvoyRow[] = [];
  const raw: Record<string, string[]> = {};
  const skipped: Skipped[] = [];
  let exitCode = 0;
  let envoyVersion: string;
  let pinned = "no (taskset missing or fewer than 2 cores)";
  if (!(await hasCommand("wrk"))) throw new Error("wrk is not installed (apt-get install wrk); the Envoy part of the bench needs it (or pass --no-envoy)");
  const bin = await ensureEnvoy();
  // "envoy  version: <sha>/1.40.0/Clean/RELEASE/BoringSSL"
  envoyVersion = ((await run(bin, ["--version"])).stdout.match(/version:\s*(\S+)/)?.[1] ?? "?").split("/")[1] ?? "?";
  const canPin = cores >= 2 && (await hasCommand("taskset"));
  const envoyCore = canPin ? 0 : undefined;
  const wrkCore = canPin ? 1 : undefined;
  if (canPin) pinned = "Envoy on core 0, wrk on core 1 (taskset)";
  if (jwt) writeUniqueTokenScript(work, jwt.unique);
  const variants = envoyVariants(modules, jwt, o.mode);
  const started: StartedVariant[] = [];
  const headToHead: HeadToHead[] = [];
  try {
    for (const v of variants) {
      try {
        started.push(await startVariant(v, jwt, envoyCore));
      } catch (e) {
        const lines = (e as Error).message.split("\n");
        const envoySaid = lines.filter((l) => /\]\[(error|critical)\]/.test(l)).slice(-3).map((l) => l.replace(/^\[[^\]]*\]\[\d+\]/, "").trim());
        skipped.push({ key: `envoy: ${v.key}`, reason: [lines[0], ...envoySaid].join(" | ") });
        if (v.kind !== "wasm" || v.module?.kind === "ours") exitCode = 1;
      }
    }
    log(`bench: ${started.length} Envoys up (--concurrency 1); ${settings.rounds} round(s) × ${settings.durationS}s per variant ...`);
    const load = { durationS: settings.durationS, connections, wrkCore, workDir: work };
    const results = new Map<string, WrkResult[]>();
    const memory = new Map<string, EnvoyRow["memory"]>();
    if (settings.warmupS > 0) {
      for (const s of started) await runWrk(s.envoy.listenerUrl, s.variant.requestMode, jwt, { ...load, durationS: settings.warmupS });
    }
    for (const s of started) {
      const mem = await envoyMemory(s.envoy);
      memory.set(s.variant.key, { tcmallocAfterWarmup: mem?.allocated, rssAfterWarmup: rssOf(s.envoy.pid) });
    }
    // Paired load: each variant is loaded in the same second as the no-filter Envoy, both pinned
    // to Envoy's core (the scheduler shares it between the two busy workers), each by its own wrk
    // on the other core. Whatever slows the host then slows both alike, and the variant's CPU
    // per request ÷ no filter's holds still where each figure alone drifts (README, Performance).
    const base = started.find((s) => s.variant.kind === "baseline");
    const measured = async (s: StartedVariant) => {
      const cpuBefore = processRunSeconds(s.envoy.pid);
      const r = await runWrk(s.envoy.listenerUrl, s.variant.requestMode, jwt, load);
      const cpuAfter = processRunSeconds(s.envoy.pid);
      if (cpuBefore !== undefined && cpuAfter !== undefined && r.requests > 0) r.cpuUs = ((cpuAfter - cpuBefore) * 1e6) / r.requests;
      (raw[s.variant.key] ??= []).push(r.raw);
      return r;
    };
    const others = started.filter((s) => s !== base);
    const byKey = new Map(started.map((s) => [s.variant.key, s]));
    const duels = headToHeadPairs([...byKey.keys()], (k) => byKey.get(k)?.variant.nativeKey).map(([a, b]) => [byKey.get(a)!, byKey.get(b)!] as const);
    const duelRounds = new Map(duels.map(([x, y]) => [`${x.variant.key}\0${y.variant.key}`, { cpu: [] as number[], rps: [] as number[] }]));
    let bad = 0;
    for (let round = 0; round < settings.rounds; round++) {
      // Rotate the order each round so no variant always runs first or last.
      const order = others.map((_, i) => others[(i + round) % others.length]);
      for (const s of order) {
        const [r, b] = await Promise.all([measured(s), base ? measured(base) : Promise.resolve(undefined)]);
        if (b) r.base = { rps: b.rps, cpuUs: b.cpuUs };
        if (!results.has(s.variant.key)) results.set(s.variant.key, []);
        results.get(s.variant.key)!.push(r);
        if (base && b) {
          if (!results.has(base.variant.key)) results.set(base.variant.key, []);
          results.get(base.variant.key)!.push(b);
        }
      }
      for (const [x, y] of duels) {
        const [rx, ry] = await Promise.all([measured(x), measured(y)]);
        const d = duelRounds.get(`${x.variant.key}\0${y.variant.key}`)!;
        if (rx.cpuUs !== undefined && ry.cpuUs !== undefined && ry.cpuUs > 0) d.cpu.push(rx.cpuUs / ry.cpuUs);
        if (ry.rps > 0) d.rps.push(rx.rps / ry.rps);
        bad += rx.non2xx + rx.socketErrors + ry.non2xx + ry.socketErrors;
      }
      if (!others.length && base) results.set(base.variant.key, [...(results.get(base.variant.key) ?? []), await measured(base)]);
      log(`bench: Envoy round ${round + 1}/${settings.rounds} done`);
    }
    if (bad > 0) {
      skipped.push({ key: "envoy: head to head", reason: `${bad} non-2xx responses or socket errors during the load: results not comparable` });
      exitCode = 1;
    }
    for (const [x, y] of duels) {
      const d = duelRounds.get(`${x.variant.key}\0${y.variant.key}`)!;
      const cpu = spreadOf(d.cpu);
      const rps = spreadOf(d.rps);
      if (cpu && rps) headToHead.push({ a: x.variant.key, b: y.variant.key, cpu, rps });
    }
    for (const s of started) {
      const mem = await envoyMemory(s.envoy);
      const m = memory.get(s.variant.key)!;
      m.tcmallocAfterRun = mem?.allocated;
      m.rssAfterRun = rssOf(s.envoy.pid);
    }
    for (const s of started) {
      const rs = results.get(s.variant.key) ?? [];
      const bad = rs.reduce((a, r) => a + r.non2xx + r.socketErrors, 0);
      if (bad > 0) {
        skipped.push({ key: `envoy: ${s.variant.key}`, reason: `${bad} non-2xx responses or socket errors during the load: results not comparable` });
        exitCode = 1;
      }
      rows.push({
        key: s.variant.key,
        label: s.variant.label,
        kind: s.variant.kind,
        requestMode: s.variant.requestMode,
        nativeKey: s.variant.nativeKey,
        coldStartMs: s.coldStartMs,
        rps: median(rs.map((r) => r.rps)),
        p50Ms: median(rs.map((r) => r.p50Ms)),
        p99Ms: median(rs.map((r) => r.p99Ms)),
        samples: rs.map(({ rps, p50Ms, p99Ms, non2xx, socketErrors, cpuUs, base }) => ({ rps, p50Ms, p99Ms, non2xx, socketErrors, cpuUs, base })),
        cost: {},
        ratioNoFilter: NaN,
        memory: memory.get(s.variant.key)!,
      });
    }
  } finally {
    await Promise.all(started.map((s) => s.envoy.stop()));
  }
  const floorRow = rows.find((r) => r.key === "floor/add-header");
  const own = (r: EnvoyRow): RoundCost[] => r.samples.map((x) => ({ rps: x.rps, cpuUs: x.cpuUs }));
  const paired = (r: EnvoyRow): RoundCost[] | undefined => (r.samples.every((x) => x.base) ? r.samples.map((x) => x.base!) : undefined);
  const rpsRatio = (r: EnvoyRow) => median(r.samples.filter((x) => x.base).map((x) => x.rps / x.base!.rps));
  for (const r of rows) {
    r.cost = costOf(own(r), r.kind === "baseline" ? undefined : paired(r), floorRow && own(floorRow), floorRow && paired(floorRow));
    r.ratioNoFilter = r.kind === "baseline" ? 1 : rpsRatio(r);
    const native = r.nativeKey ? rows.find((n) => n.key === r.nativeKey) : undefined;
    // Both against no filter in their own seconds: the throughput ratio the two would have alone.
    if (native) r.ratioNative = r.ratioNoFilter / native.ratioNoFilter;
  }
  return { rows, raw, envoyVersion, pinned, skipped, failed: exitCode !== 0, headToHead };
}
