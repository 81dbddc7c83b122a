import type { JwtMaterial } from "./jwt.ts";
import type { BenchModule } from "./modules.ts";
export interface EmulatorResult {
    key: string;
    label: string;
    /** Load (compile + instantiate + start) + configure + first request, ms. */
    coldStartMs: number;
    /** Median over rounds. */
    rps: number;
    samples: number[];
    usPerRequest: number;
    /** Linear memory after the warm-up and after every request of the run. */
    memoryAfterWarmup: number;
    memoryAfterRun: number;
    requests: number;
    /** Linear memory did not grow between warm-up and the end of the run. */
    flat: boolean;
    /** The work was checked on the first request (header present / request admitted). */
    checked: string;
}
export declare function median(xs: number[]): number;
export interface EmulatorOptions {
    rounds: number;
    /** Per module per round. */
    durationMs: number;
    warmupRequests: number;
}
export declare function runEmulator(modules: BenchModule[], jwt: JwtMaterial | undefined, o: EmulatorOptions, log: (s: string) => void): Promise<{
    results: EmulatorResult[];
    errors: {
        key: string;
        reason: string;
    }[];
}>;
