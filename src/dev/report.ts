// What a hot reload reports, and the one line the terminal shows for it.
import { relative } from "node:path";
import type { EcdsCounters } from "./ecds.ts";

export type ChangeKind = "code" | "config";

export type ReloadOutcome =
  /** Envoy confirmed the new version on every worker. */
  | "applied"
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
  phases?: { parse: number; compile: number; optimize: number; emit: number };
  /** Compiler diagnostics, validation problems, or Envoy's reasons. */
  error?: string;
  /** Envoy's ECDS counters after the update, when one was written. */
  counters?: EcdsCounters;
}

/** One line per reload, for the terminal. */
export function formatReport(r: ReloadReport, projectRoot = process.cwd()): string {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const what = r.changed.join("+") || "reload";
  const wasm = (p?: string) => (p ? relative(projectRoot, p) : "?");
  const timing = `build ${ms(r.buildMs)}${r.compiled ? "" : " (module reused)"}, apply ${ms(r.applyMs)}, total ${ms(r.totalMs)}`;
  const indent = (s?: string) => (s ?? "").trimEnd().replace(/^/gm, "    ");
  switch (r.outcome) {
    case "applied":
      return `[hot-reload] ${r.filter}: ${what} → serving ${wasm(r.wasm)} (${timing})`;
    case "unchanged":
      return `[hot-reload] ${r.filter}: ${what} saved, nothing changed (still ${wasm(r.wasm)})`;
    case "build-failed":
      return `[hot-reload] ${r.filter}: ${what} NOT applied, build failed (${ms(r.buildMs)}); ${wasm(r.wasm)} keeps serving\n${indent(r.error)}`;
    case "invalid-config":
      return `[hot-reload] ${r.filter}: ${what} NOT applied, invalid configuration; ${wasm(r.wasm)} keeps serving\n${indent(r.error)}`;
    case "rejected":
      return `[hot-reload] ${r.filter}: ${what} REJECTED by Envoy (${timing}); ${wasm(r.wasm)} keeps serving. Envoy says:\n${indent(r.error)}`;
    case "timeout":
      return `[hot-reload] ${r.filter}: ${what} not confirmed: ${r.error}`;
  }
}
