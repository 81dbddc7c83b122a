// Head-to-head pairs: which variants the bench loads beside each other, and how the targets read them.
import { describe, expect, it } from "vitest";
import { headToHeadPairs } from "../../src/bench/measure-envoy.ts";
import { targets } from "../../src/bench/targets.ts";
import type { BenchResult, EnvoyRow, HeadToHead } from "../../src/bench/result.ts";

const spread = (median: number, min = median, max = median) => ({ median, min, max, n: 5 });

describe("head to head", () => {
  it("pairs add-header with the floor and the Rust peer, and each product filter with its native filter", () => {
    const native: Record<string, string> = { "header-rewrite": "native/header_mutation", "auth (unique tokens)": "native/jwt_authn (unique tokens)", "native/header_mutation": "x" };
    const keys = ["no-filter", "add-header", "floor/add-header", "rust/add-header", "header-rewrite", "native/header_mutation", "auth (unique tokens)"];
    expect(headToHeadPairs(keys, (k) => native[k])).toEqual([
      ["add-header", "floor/add-header"],
      ["add-header", "rust/add-header"],
      ["header-rewrite", "native/header_mutation"],
    ]);
  });

  it("turns the pairs into the targets: extra over the floor's, below Rust's, throughput against native", () => {
    const row = (key: string, x?: number, nativeKey?: string) => ({ key, label: key, kind: "wasm", requestMode: "plain", nativeKey, coldStartMs: 0, rps: 1, p50Ms: 0, p99Ms: 0, samples: [{ rps: 1, p50Ms: 0, p99Ms: 0, non2xx: 0, socketErrors: 0 }], cost: x ? { xNoFilterCpu: spread(x) } : {}, ratioNoFilter: 1, ratioNative: 1, memory: {} }) as EnvoyRow;
    const headToHead: HeadToHead[] = [
      { a: "add-header", b: "floor/add-header", cpu: spread(1.04, 1.02, 1.06), rps: spread(0.96) },
      { a: "add-header", b: "rust/add-header", cpu: spread(0.97, 0.95, 0.99), rps: spread(1.03) },
      { a: "header-rewrite", b: "native/header_mutation", cpu: spread(1.25, 1.2, 1.3), rps: spread(0.8) },
    ];
    const r = { mode: "full", envoy: [row("floor/add-header", 1.25), row("add-header"), row("rust/add-header"), row("header-rewrite", undefined, "native/header_mutation"), row("native/header_mutation")], headToHead, sizes: [], emulator: [], skipped: [], hotReload: { status: "pending" } } as unknown as BenchResult;
    const t = targets(r);
    const byName = (s: string) => t.find((x) => x.name.startsWith(s))!;
    // The floor's extra is 0.25 of no filter's CPU; ours 1.04 × 1.25 − 1 = 0.30: 1.2× the floor's.
    expect(byName("add-header extra CPU per request vs the floor's").got).toMatch(/^1\.20× \(head to head/);
    expect(byName("add-header extra CPU per request vs the floor's").met).toBe(false);
    expect(byName("add-header extra CPU per request vs the Rust SDK's").met).toBe(true);
    expect(byName("header-rewrite vs header_mutation").got).toMatch(/^0\.80× \(head to head, rounds 0\.77–0\.83\)/);
    expect(byName("header-rewrite vs header_mutation").met).toBe(false);
  });
});
