import { type EmulatorResult } from "./emulator.ts";
import { type EnvoyVariant } from "./envoy.ts";
import { type Runtime, type Skipped } from "./modules.ts";
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
    samples: {
        rps: number;
        p50Ms: number;
        p99Ms: number;
        non2xx: number;
        socketErrors: number;
    }[];
    ratioNoFilter: number;
    ratioNative?: number;
    memory: {
        tcmallocAfterWarmup?: number;
        tcmallocAfterRun?: number;
        rssAfterWarmup?: number;
        rssAfterRun?: number;
    };
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
    envoyGcShare?: number;
}
export interface Target {
    name: string;
    want: string;
    got: string;
    met: boolean | null;
    note?: string;
}
export interface BenchResult {
    mode: Mode;
    date: string;
    elapsedS: number;
    machine: {
        cpu: string;
        cores: number;
        node: string;
        envoy: string;
        loadAvgStart: string;
        loadAvgEnd: string;
        busy: boolean;
    };
    settings: {
        rounds: number;
        durationS: number;
        warmupS: number;
        connections: number;
        pinned: string;
        emulator: {
            rounds: number;
            ms: number;
            warmup: number;
        };
        uniqueTokens: number;
    };
    sizes: {
        key: string;
        label: string;
        bytes: number;
    }[];
    envoy: EnvoyRow[];
    emulator: EmulatorResult[];
    runtimes: {
        rows: RuntimeRow[];
        recommendation: string;
    };
    hotReload: {
        status: "pending" | "present";
        source?: string;
        p50s?: {
            what: string;
            p50Ms: number;
        }[];
        p50Ms?: number;
        data?: unknown;
    };
    envoyMemoryNote: string;
    targets: Target[];
    skipped: Skipped[];
}
/**
 * The save-to-serving p50s in bench/results/hot-reload.json (written by bench/hot-reload.ts):
 * every `saveToServing.p50` (ms) found, named by its path, e.g. "header-rewrite -O0 / code".
 */
export declare function hotReloadP50s(data: unknown, path?: string[]): {
    what: string;
    p50Ms: number;
}[];
export declare function runBench(o: BenchOptions): Promise<{
    result: BenchResult;
    exitCode: number;
}>;
/**
 * The default-runtime recommendation, from this run's data: a speed difference counts only when
 * it exceeds the run's own noise (half the range of the rounds, at least 3 % in the emulator and
 * 5 % in Envoy).
 */
/** Re-renders bench/results/latest.{md,svg} (and the terminal table) from latest.json, recomputing the targets. */
export declare function renderSaved(projectRoot: string, name?: string): void;
export declare function targets(r: BenchResult): Target[];
