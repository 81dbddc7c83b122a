// Runtime variants (minimal, incremental, stub): GC overhead as the extra per-request time over
// the stub runtime (no GC), and the default-runtime recommendation drawn from this run's data.
import type { EmulatorResult } from "./emulator.ts";
import { RUNTIMES, type BenchModule, type Runtime } from "./modules.ts";
import type { EnvoyRow, RuntimeRow } from "./result.ts";
import { halfRange } from "./targets.ts";

/** The runtime rows and the recommendation, from the add-header module built for each runtime. */
export function runtimeComparison(modules: BenchModule[], emu: EmulatorResult[], rows: EnvoyRow[]): { rows: RuntimeRow[]; recommendation: string } {
  const runtimeRows: RuntimeRow[] = [];
  for (const rt of RUNTIMES) {
    const key = rt === "minimal" ? "add-header" : `add-header@${rt}`;
    const m = modules.find((x) => x.key === key);
    if (!m) continue;
    const e = emu.find((x) => x.key === key);
    const r = rows.find((x) => x.key === key);
    runtimeRows.push({
      runtime: rt,
      bytes: m.bytes,
      emuUsPerRequest: e?.usPerRequest,
      emuMemoryFlat: e?.flat,
      emuMemory: e ? [e.memoryAfterWarmup, e.memoryAfterRun] : undefined,
      envoyRps: r?.rps,
      envoyUsPerRequest: r ? r.cost?.cpuUs?.median ?? 1e6 / r.rps : undefined,
      envoyXNoFilter: r?.cost?.xNoFilterCpu?.median,
    });
  }
  const stub = runtimeRows.find((r) => r.runtime === "stub");
  for (const r of runtimeRows) {
    if (stub?.emuUsPerRequest && r.emuUsPerRequest) r.emuGcShare = 1 - stub.emuUsPerRequest / r.emuUsPerRequest;
    // In Envoy, CPU per request relative to no filter in the same second (paired load) when measured.
    if (stub?.envoyXNoFilter && r.envoyXNoFilter) r.envoyGcShare = 1 - stub.envoyXNoFilter / r.envoyXNoFilter;
    else if (stub?.envoyUsPerRequest && r.envoyUsPerRequest) r.envoyGcShare = 1 - stub.envoyUsPerRequest / r.envoyUsPerRequest;
  }
  const noise = { emu: {} as Partial<Record<Runtime, number[]>>, envoy: {} as Partial<Record<Runtime, number[]>> };
  for (const rt of RUNTIMES) {
    const key = rt === "minimal" ? "add-header" : `add-header@${rt}`;
    noise.emu[rt] = emu.find((x) => x.key === key)?.samples;
    noise.envoy[rt] = rows.find((x) => x.key === key)?.samples.map((x) => (x.base ? x.rps / x.base.rps : x.rps));
  }
  return { rows: runtimeRows, recommendation: recommend(runtimeRows, noise) };
}

/**
 * The default-runtime recommendation, from this run's data: a speed difference counts only when
 * it exceeds the run's own noise (half the range of the rounds, at least 3 % in the emulator and
 * 5 % in Envoy).
 */
function recommend(rows: RuntimeRow[], noise: { emu: Partial<Record<Runtime, number[]>>; envoy: Partial<Record<Runtime, number[]>> }): string {
  const get = (rt: Runtime) => rows.find((r) => r.runtime === rt);
  const min = get("minimal");
  const inc = get("incremental");
  if (!min || !inc) return "not enough runtime variants measured for a recommendation (full or quick mode measures all three)";
  const pct = (x: number) => `${x >= 1 ? "+" : ""}${((x - 1) * 100).toFixed(1)} %`;
  const verdicts: string[] = [];
  let slower = 0;
  let faster = 0;
  const compare = (where: string, ratio: number | undefined, n: number) => {
    if (ratio === undefined) return;
    const beyond = Math.abs(ratio - 1) > n;
    if (beyond && ratio < 1) slower++;
    if (beyond && ratio > 1) faster++;
    verdicts.push(`${pct(ratio)} in ${where} (noise ±${(n * 100).toFixed(0)} %: ${beyond ? (ratio > 1 ? "faster" : "slower") : "no measurable difference"})`);
  };
  const emuN = Math.max(0.03, halfRange(noise.emu.minimal), halfRange(noise.emu.incremental));
  const envN = Math.max(0.05, halfRange(noise.envoy.minimal), halfRange(noise.envoy.incremental));
  compare("the emulator", min.emuUsPerRequest && inc.emuUsPerRequest ? inc.emuUsPerRequest / min.emuUsPerRequest : undefined, emuN);
  compare("Envoy", min.envoyXNoFilter && inc.envoyXNoFilter ? inc.envoyXNoFilter / min.envoyXNoFilter : min.envoyRps && inc.envoyRps ? min.envoyRps / inc.envoyRps : undefined, envN);
  const sizeGain = 1 - min.bytes / inc.bytes;
  const head = `minimal + SDK safe points is ${(sizeGain * 100).toFixed(0)} % smaller than incremental; its throughput vs incremental: ${verdicts.join(", ") || "n/a"}`;
  let verdict: string;
  if (min.emuMemoryFlat === false) verdict = "minimal's linear memory grew in the emulator: investigate the SDK's safe points before keeping it as the default";
  else if (slower > 0 && faster === 0) verdict = "minimal measured slower beyond this run's noise: re-run on a quiet machine (npm run bench); if it repeats, switch the default to incremental";
  else verdict = "keep minimal + SDK safe-point collection as the default (smaller, memory flat, not slower beyond noise); stub is only a lower bound, its memory grows without bound";
  return `${head}. Recommendation: ${verdict}.`;
}
