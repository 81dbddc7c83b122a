// How far this run's figures moved from the previous run of the same mode on this machine: the
// bench's own reproducibility check (issue 15 asks for every variant within 5 % between two runs
// on a quiet machine). Each run keeps the one before it as bench/results/previous.json.
import type { BenchResult } from "./result.ts";

/** The largest move between two runs that still counts as the same figure. */
export const SAME_WITHIN = 0.05;

/** One variant in both runs. */
export interface RunDelta {
  key: string;
  /** Median CPU µs per request: previous, this run, relative change. */
  cpuUs: [number, number, number];
  /** Median CPU per request ÷ no filter's in the same round: previous, this run, relative change. */
  xNoFilter?: [number, number, number];
}

export interface BetweenRuns {
  /** When the previous run started. */
  previousDate: string;
  rows: RunDelta[];
  /** Head-to-head pairs in both runs: median CPU ratio previous, this run, relative change. */
  headToHead: { a: string; b: string; cpu: [number, number, number] }[];
  /** Variants measured in only one of the two runs. */
  onlyInOne: string[];
}

const triple = (a: number, b: number): [number, number, number] => [a, b, b / a - 1];

/**
 * The change of every variant's CPU per request between `previous` and `current`, or undefined
 * when there is no previous run of the same mode with CPU figures.
 */
export function betweenRuns(previous: BenchResult | undefined, current: BenchResult): BetweenRuns | undefined {
  if (!previous || previous.mode !== current.mode || !previous.envoy?.length || !current.envoy.length) return undefined;
  const rows: RunDelta[] = [];
  const onlyInOne: string[] = [];
  for (const cur of current.envoy) {
    const prev = previous.envoy.find((p) => p.key === cur.key);
    const a = prev?.cost?.cpuUs?.median;
    const b = cur.cost?.cpuUs?.median;
    if (a === undefined || b === undefined) {
      onlyInOne.push(cur.key);
      continue;
    }
    const xa = prev!.cost.xNoFilterCpu?.median;
    const xb = cur.cost.xNoFilterCpu?.median;
    rows.push({ key: cur.key, cpuUs: triple(a, b), xNoFilter: xa !== undefined && xb !== undefined && cur.key !== "no-filter" ? triple(xa, xb) : undefined });
  }
  for (const p of previous.envoy) if (!current.envoy.some((c) => c.key === p.key)) onlyInOne.push(p.key);
  const headToHead: BetweenRuns["headToHead"] = [];
  for (const d of current.headToHead ?? []) {
    const before = previous.headToHead?.find((p) => p.a === d.a && p.b === d.b);
    if (before) headToHead.push({ a: d.a, b: d.b, cpu: triple(before.cpu.median, d.cpu.median) });
  }
  return rows.length ? { previousDate: previous.date, rows, onlyInOne, headToHead } : undefined;
}

/** The largest relative move of each figure over all variants (absolute value). */
export function largestMoves(b: BetweenRuns): { cpuUs: number; xNoFilter: number; headToHead: number } {
  const abs = (xs: number[]) => (xs.length ? Math.max(...xs.map(Math.abs)) : 0);
  return {
    cpuUs: abs(b.rows.map((r) => r.cpuUs[2])),
    xNoFilter: abs(b.rows.flatMap((r) => (r.xNoFilter ? [r.xNoFilter[2]] : []))),
    headToHead: abs((b.headToHead ?? []).map((d) => d.cpu[2])),
  };
}
