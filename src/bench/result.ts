// What one bench run found, as saved in bench/results/<name>.json and rendered by report.ts/chart.ts.
import type { BetweenRuns } from "./between-runs.ts";
import type { Cost, Spread } from "./cost.ts";
import type { EmulatorResult } from "./emulator.ts";
import type { EnvoyVariant } from "./envoy.ts";
import type { Runtime, Skipped } from "./modules.ts";

export type { Spread };

export type Mode = "full" | "quick" | "smoke";

export interface BenchOptions {
  projectRoot: string;
  mode: Mode;
  rounds?: number;
  durationS?: number;
  connections?: number;
  peers?: boolean;
  envoy?: boolean;
  log?: (s: string) => void;
}

export interface EnvoyRow {
  key: string;
  label: string;
  kind: EnvoyVariant["kind"];
  requestMode: EnvoyVariant["requestMode"];
  nativeKey?: string;
  coldStartMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Per round; cpuUs is Envoy's CPU µs per request in that round (undefined without /proc);
   * base is the no-filter Envoy loaded in the same second on the same core (paired load).
   */
  samples: { rps: number; p50Ms: number; p99Ms: number; non2xx: number; socketErrors: number; cpuUs?: number; base?: { rps: number; cpuUs?: number } }[];
  /** Extra over no filter per request (CPU and wall) and as a multiple of the floor's extra. */
  cost: Cost;
  ratioNoFilter: number;
  ratioNative?: number;
  memory: { tcmallocAfterWarmup?: number; tcmallocAfterRun?: number; rssAfterWarmup?: number; rssAfterRun?: number };
}

export interface RuntimeRow {
  runtime: Runtime;
  bytes: number;
  emuUsPerRequest?: number;
  emuGcShare?: number;
  emuMemoryFlat?: boolean;
  emuMemory?: [number, number];
  envoyRps?: number;
  envoyUsPerRequest?: number;
  /** Envoy CPU per request ÷ no filter's in the same second (median). */
  envoyXNoFilter?: number;
  envoyGcShare?: number;
}

export interface Target {
  name: string;
  want: string;
  got: string;
  met: boolean | null;
  note?: string;
}

/** Two variants loaded in the same seconds on the same core, round by round (measure-envoy.ts). */
export interface HeadToHead {
  /** The variant judged (ours). */
  a: string;
  /** What it is judged against (the floor, the Rust peer, the native filter). */
  b: string;
  /** a's CPU per request ÷ b's, per round. */
  cpu: Spread;
  /** a's req/s ÷ b's, per round. */
  rps: Spread;
}

export interface BenchResult {
  mode: Mode;
  date: string;
  elapsedS: number;
  machine: { cpu: string; cores: number; node: string; envoy: string; loadAvgStart: string; loadAvgEnd: string; busy: boolean };
  settings: { rounds: number; durationS: number; warmupS: number; connections: number; pinned: string; cpu: string; emulator: { rounds: number; ms: number; warmup: number }; uniqueTokens: number };
  sizes: { key: string; label: string; bytes: number }[];
  envoy: EnvoyRow[];
  /** Our variants loaded beside what their targets compare them with. */
  headToHead?: HeadToHead[];
  emulator: EmulatorResult[];
  runtimes: { rows: RuntimeRow[]; recommendation: string };
  hotReload: { status: "pending" | "present"; source?: string; p50s?: { what: string; p50Ms: number }[]; p50Ms?: number; data?: unknown };
  envoyMemoryNote: string;
  targets: Target[];
  skipped: Skipped[];
  /** This run against the previous run of the same mode (bench/results/previous.json), if any. */
  betweenRuns?: BetweenRuns;
}
