// The bench's reproducibility check: every variant of this run against the previous run of the
// same mode, as bench/results/previous.json holds it.
import { describe, expect, it } from "vitest";
import { betweenRuns, largestMoves } from "../../src/bench/between-runs.ts";
import { costOf, type RoundCost } from "../../src/bench/cost.ts";
import type { BenchResult, EnvoyRow } from "../../src/bench/result.ts";

function row(key: string, rounds: RoundCost[], noFilter: RoundCost[]): EnvoyRow {
  return { key, label: key, kind: key === "no-filter" ? "baseline" : "wasm", requestMode: "plain", coldStartMs: 0, rps: 0, p50Ms: 0, p99Ms: 0, samples: [], cost: costOf(rounds, noFilter, undefined), ratioNoFilter: 1, memory: {} };
}

function run(mode: BenchResult["mode"], date: string, scale: number, variants: Record<string, number[]>): BenchResult {
  const base = [20, 21, 22].map((c) => ({ rps: 1e6 / c, cpuUs: c * scale }));
  const envoy = [row("no-filter", base, base)];
  for (const [key, cpu] of Object.entries(variants)) envoy.push(row(key, cpu.map((c) => ({ rps: 1e6 / c, cpuUs: c * scale })), base));
  return { mode, date, envoy } as BenchResult;
}

describe("between two runs", () => {
  it("gives each variant's median CPU per request in both runs, and the move of its ratio to no filter", () => {
    const before = run("full", "2026-12-02T06:00:00Z", 1, { "add-header": [26, 27, 28], auth: [80, 84, 88] });
    // The host is 10 % slower in the second run: every absolute figure moves, the ratios do not.
    const after = run("full", "2026-12-02T06:20:00Z", 1.1, { "add-header": [26, 27, 28], auth: [80, 84, 88] });
    const b = betweenRuns(before, after)!;
    expect(b.previousDate).toBe("2026-12-02T06:00:00Z");
    const add = b.rows.find((r) => r.key === "add-header")!;
    expect(add.cpuUs[0]).toBeCloseTo(27, 9);
    expect(add.cpuUs[1]).toBeCloseTo(29.7, 9);
    expect(add.cpuUs[2]).toBeCloseTo(0.1, 9);
    expect(add.xNoFilter![2]).toBeCloseTo(0, 9);
    expect(b.rows.find((r) => r.key === "no-filter")!.xNoFilter).toBeUndefined();
    const moves = largestMoves(b);
    expect(moves.cpuUs).toBeCloseTo(0.1, 9);
    expect(moves.xNoFilter).toBeCloseTo(0, 9);
    expect(b.headToHead).toEqual([]);
  });

  it("names the variants only one run measured, and compares nothing across modes or without a previous run", () => {
    const before = run("full", "2026-12-02T06:00:00Z", 1, { "add-header": [26, 27, 28], floor: [24, 24, 24] });
    const after = run("full", "2026-12-02T06:20:00Z", 1, { "add-header": [26, 30, 28], auth: [80, 84, 88] });
    const b = betweenRuns(before, after)!;
    expect(b.onlyInOne.sort()).toEqual(["auth", "floor"]);
    expect(b.rows.find((r) => r.key === "add-header")!.xNoFilter![2]).toBeCloseTo(26 / 20 / (27 / 21) - 1, 9); // medians of the per-round ratios: 1.3 (26/20) after, 1.2857 (27/21) before;
    // Head-to-head pairs measured in both runs are compared too.
    const pair = (median: number) => ({ a: "add-header", b: "floor", cpu: { median, min: median, max: median, n: 1 }, rps: { median: 1 / median, min: 1 / median, max: 1 / median, n: 1 } });
    const moved = betweenRuns({ ...before, headToHead: [pair(1.04)] }, { ...after, headToHead: [pair(1.0816)] })!;
    expect(moved.headToHead).toHaveLength(1);
    expect(moved.headToHead[0]!.cpu[2]).toBeCloseTo(0.04, 9);
    expect(largestMoves(moved).headToHead).toBeCloseTo(0.04, 9);
    expect(betweenRuns(run("quick", "x", 1, {}), after)).toBeUndefined();
    expect(betweenRuns(undefined, after)).toBeUndefined();
  });
});
