// The hot reloader's options and what it keeps per filter.
import type { FilterSource } from "../build/filters.ts";
import type { FailurePolicy } from "../envoy/config.ts";
import type { DevOptimize } from "./compiler.ts";
import type { ReloadReport } from "./report.ts";

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
  /** Hears each first compile of prepare() (filter, milliseconds): progress for `start`. */
  onPrepared?: (filter: string, millis: number) => void;
}

export interface Compiled {
  inputHash: string;
  deps: string[];
  binary: Uint8Array;
  phases: { parse: number; compile: number; optimize: number; emit: number };
}

export interface FilterState {
  source: FilterSource;
  ecdsPath: string;
  /** What Envoy serves (confirmed). */
  serving?: { wasm: string; resource: string };
  /** The module served before the current one (kept on disk for one more swap). */
  previousWasm?: string;
  /** The ECDS file's current content (may be a rejected resource). */
  written?: string;
  /** A resource Envoy rejected, and why: offering it again gives the same answer without a write. */
  rejected?: { resource: string; reason: string };
  /** Last successful dev compile. */
  compiled?: Compiled;
  /** The files the last compile read; undefined when unknown (never compiled, or it failed). */
  deps?: Set<string>;
}
