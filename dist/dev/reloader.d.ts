import { type FailurePolicy, type WasmFilter } from "../envoy/config.ts";
import { type DevOptimize } from "./compiler.ts";
import { type EcdsCounters } from "./ecds.ts";
export type ChangeKind = "code" | "config";
export type ReloadOutcome = 
/** Envoy confirmed the new version on every worker. */
"applied"
/** Nothing to do: the module and configuration are what Envoy already serves. */
 | "unchanged"
/** Compile error or failed import checks: Envoy untouched. */
 | "build-failed"
/** config.json is not JSON or breaks schema.json: Envoy untouched. */
 | "invalid-config"
/** Envoy refused the update (e.g. onConfigure returned false): the previous version keeps serving. */
 | "rejected"
/** Envoy did not react to the ECDS file in time. */
 | "timeout";
export interface ReloadReport {
    filter: string;
    /** What changed (or was asked to be reloaded). */
    changed: ChangeKind[];
    outcome: ReloadOutcome;
    /** applied or unchanged. */
    ok: boolean;
    /** The module was compiled by this reload (false: reused, e.g. a configuration-only change). */
    compiled: boolean;
    /** The module Envoy serves after this reload. */
    wasm: string | undefined;
    /** The module this reload offered to Envoy. */
    candidateWasm?: string;
    /** Compile + checks + writing the module, ms. */
    buildMs: number;
    /** ECDS file written → Envoy confirmed (or rejected), ms. */
    applyMs: number;
    /** From the change (first file event, or the reload call) to the outcome, ms. */
    totalMs: number;
    /** asc's split of buildMs, when compiled. */
    phases?: {
        parse: number;
        compile: number;
        optimize: number;
        emit: number;
    };
    /** Compiler diagnostics, validation problems, or Envoy's reasons. */
    error?: string;
    /** Envoy's ECDS counters after the update, when one was written. */
    counters?: EcdsCounters;
}
/** What the reloader needs from a running Envoy: admin URL, and its log to explain rejections. */
export interface EnvoyHandle {
    adminUrl: string;
    logs?: () => string;
}
export interface HotReloaderOptions {
    /** Project with assembly/filters/<name>/, assembly/sdk, asconfig.json. */
    projectRoot: string;
    /** Filters to manage (names under assembly/filters). Default: all of them. */
    filters?: string[];
    /** Where versioned modules and ECDS files go. Default <projectRoot>/build/dev. */
    devDir?: string;
    /** Dev build optimization. Default optimizeLevel 0, shrinkLevel 0 (see src/dev/compiler.ts). */
    optimize?: DevOptimize;
    /** failure_policy of every managed filter. Default FAIL_CLOSED. */
    failurePolicy?: FailurePolicy;
    /** How long to wait for Envoy to apply or reject an update. Default 10 s. */
    applyTimeoutMs?: number;
    /** Called with every report (watch mode, reload(), the control server). */
    onReport?: (report: ReloadReport) => void;
}
export declare class HotReloader {
    private readonly options;
    readonly projectRoot: string;
    readonly devDir: string;
    private readonly states;
    private envoy;
    private queue;
    private watcher;
    private readonly devConfig;
    constructor(options: HotReloaderOptions);
    /** Names of the managed filters. */
    get filters(): string[];
    /** The module each filter serves, and its ECDS file. */
    status(): Record<string, {
        wasm?: string;
        ecds: string;
        previousWasm?: string;
    }>;
    /**
     * Writes each filter's first version (the given prebuilt module, e.g. build/<name>.wasm, copied to
     * a versioned name; otherwise a dev compile) and its ECDS file. Returns the filters for
     * buildBootstrap / startEnvoy. Throws if a module does not build or a configuration is invalid.
     */
    prepare(initialWasm?: Record<string, string>): Promise<WasmFilter[]>;
    /** Connects to the Envoy serving the ECDS files; throws if a filter's first version did not load. */
    attach(envoy: EnvoyHandle): Promise<void>;
    /**
     * Compiles the filters a few times in the background: asc's JIT needs several compiles to warm up
     * (header-rewrite at -O0: ~2.4 s, 1.6 s, 1.2 s, then ~0.3-0.6 s), and the first compile tells
     * which files each filter imports. Nothing is applied. Each round is queued separately, so a
     * reload asked for meanwhile waits for one compile at most.
     */
    warm(rounds?: number): Promise<void>;
    /**
     * Reloads one filter (or every one, without a name): recompiles if `kinds` includes "code" and its
     * inputs changed (`force`: always), re-reads config.json, and applies the result through ECDS.
     * Reloads run one at a time, in call order.
     */
    reload(filter: string, changed?: ChangeKind[], opts?: {
        since?: number;
        force?: boolean;
    }): Promise<ReloadReport>;
    /** Reloads whatever the changed files affect; returns one report per affected filter. */
    reloadPaths(paths: string[], since?: number): Promise<ReloadReport[]>;
    /** Which filters the changed files affect, and how. */
    affected(paths: string[]): Map<string, Set<ChangeKind>>;
    /**
     * Watches assembly/ (filters, SDK, lib) and reloads what each burst of changes affects. Editors
     * write a file in several steps, so events are collected until `debounceMs` passes quietly;
     * the reported total time counts from the first event.
     */
    watch(opts?: {
        debounceMs?: number;
    }): () => void;
    unwatch(): void;
    /** Stops watching and waits for a reload in progress. */
    close(): Promise<void>;
    private enqueue;
    private compile;
    /** Writes the module under its content-derived name (once) and returns the path. */
    private writeModule;
    private readConfig;
    private wasmFilter;
    private reloadNow;
    /** Envoy's log lines explaining a rejection; waits briefly for them to arrive through the pipe. */
    private envoyReason;
    /** Deletes this filter's modules other than the serving and the previous one. */
    private cleanup;
}
/** One line per reload, for the terminal. */
export declare function formatReport(r: ReloadReport, projectRoot?: string): string;
