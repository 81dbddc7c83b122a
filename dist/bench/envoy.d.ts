import { type Json } from "../envoy/config.ts";
import { type RunningEnvoy } from "../envoy/launcher.ts";
import type { JwtMaterial } from "./jwt.ts";
import type { BenchModule } from "./modules.ts";
export type Work = "none" | "add-header" | "rate-limit" | "jwt";
export type RequestMode = "plain" | "jwt-repeated" | "jwt-unique";
export interface EnvoyVariant {
    key: string;
    label: string;
    kind: "baseline" | "native" | "wasm";
    /** The native variant this one is compared with (same work, same request mode). */
    nativeKey?: string;
    requestMode: RequestMode;
    /** Native http filters placed before the router. */
    nativeFilters?: Json[];
    module?: BenchModule;
    /** Response header the work adds (checked before measuring). */
    expectHeader?: [string, string];
    /** The variant must answer 401 without a token (proves the filter enforces). */
    expectUnauthorized?: boolean;
}
export declare const HEADER_MUTATION: Json;
/** A bucket so large every request is admitted: the cost measured is the check itself. */
export declare const LOCAL_RATELIMIT: Json;
export declare function jwtAuthn(jwt: JwtMaterial): Json;
/** Bootstrap: the project's buildBootstrap (wasm filters, direct_response) plus native filters before the router. */
export declare function variantBootstrap(v: EnvoyVariant): Record<string, unknown>;
export interface WrkResult {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    non2xx: number;
    socketErrors: number;
    raw: string;
}
export declare function parseWrk(out: string): WrkResult;
export interface LoadOptions {
    durationS: number;
    connections: number;
    /** Core for wrk (taskset -c), or undefined for no pinning. */
    wrkCore?: number;
    workDir: string;
}
/** Writes the wrk Lua script that cycles through distinct tokens (one per request). */
export declare function writeUniqueTokenScript(dir: string, tokens: string[]): string;
/** One bounded wrk run against `url`. */
export declare function runWrk(url: string, mode: RequestMode, jwt: JwtMaterial | undefined, o: LoadOptions): Promise<WrkResult>;
export declare function hasCommand(name: string): Promise<boolean>;
/** Pins every thread of `pid` to `core`. */
export declare function pin(pid: number, core: number): Promise<void>;
export interface StartedVariant {
    variant: EnvoyVariant;
    envoy: RunningEnvoy;
    /** Process start to the first 200 on the listener. */
    coldStartMs: number;
}
/** Starts Envoy for a variant, pins it, and checks it does the work before anything is measured. */
export declare function startVariant(v: EnvoyVariant, jwt: JwtMaterial | undefined, envoyCore: number | undefined): Promise<StartedVariant>;
/** Envoy's process-wide memory (admin /memory): the only memory figure Envoy's admin exposes. */
export declare function envoyMemory(envoy: RunningEnvoy): Promise<{
    allocated: number;
    heapSize: number;
} | undefined>;
export declare function wrkAvailable(): boolean;
