// Hot reload: swap a filter's module or configuration in a running Envoy through ECDS, without
// restarting Envoy or dropping a connection.
//
// Every filter is wired with `config_discovery` from a file (build/dev/<name>.ecds.yaml). A reload:
//   1. code change  → compile the filter alone (src/dev/compiler.ts), run the build's import checks,
//                     write build/dev/<name>-<sha256 of the module, 8 hex>.wasm (a new name per module:
//                     Envoy skips an ECDS update whose configuration did not change);
//      config change → parse config.json and validate it against schema.json; reuse the module.
//   2. replace the ECDS file by atomic rename; Envoy's file watcher picks it up.
//   3. confirm from Envoy's ECDS counters (src/dev/ecds.ts) that every worker has the new filter, or
//      that Envoy rejected it (then its reason from the log is reported).
// Anything failing before step 2 leaves Envoy untouched; a rejected update leaves the previous
// version serving (Envoy keeps the last good filter factory). Streams in flight keep the filter
// instance they started with; new streams, including on existing keep-alive connections, get the
// new one. After a confirmed swap, module files other than the serving and the previous one are
// deleted.
//
// Beside it: watcher.ts (which saves are heard), debounce.ts (bursts of saves → one reload),
// compiler.ts (dev compiles), ecds.ts (Envoy's verdict), report.ts (what a reload reports),
// reloader-state.ts (options, per-filter state), reloader-files.ts (modules, config, affected
// filters on disk), reloader-steps.ts (one filter's compile, Envoy's rejection reason).

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { findFilters, FILTER_ROOTS } from "../build/filters.ts";
import { ecdsResource, toYaml, writeFileAtomic, type WasmFilter } from "../envoy/config.ts";
import { devConfigText, hashInputs } from "./compiler.ts";
import { awaitEcdsOutcome, readEcdsCounters, rejectionReason } from "./ecds.ts";
import type { ChangeKind, ReloadReport } from "./report.ts";
import { watchSources, type SourceWatcher } from "./watcher.ts";
import { compileFilter, envoyReason } from "./reloader-steps.ts";
import { affectedFilters, cleanupModules, kinds, readFilterConfig, writeModule } from "./reloader-files.ts";
import type { EnvoyHandle, FilterState, HotReloaderOptions } from "./reloader-state.ts";

export { formatReport, type ChangeKind, type ReloadOutcome, type ReloadReport } from "./report.ts";
export type { EnvoyHandle, HotReloaderOptions } from "./reloader-state.ts";

/** Swaps the managed filters in a running Envoy through ECDS; see the comment at the top of this file. */
export class HotReloader {
  readonly projectRoot: string;
  readonly devDir: string;
  private readonly states = new Map<string, FilterState>();
  private envoy: EnvoyHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private watcher: SourceWatcher | undefined;

  constructor(private readonly options: HotReloaderOptions) {
    this.projectRoot = resolve(options.projectRoot);
    this.devDir = resolve(options.devDir ?? join(this.projectRoot, "build", "dev"));
    const filtersDir = resolve(this.projectRoot, FILTER_ROOTS[0]!.dir);
    const all = findFilters(this.projectRoot).filter((f) => dirname(f.dir) === filtersDir);
    const names = options.filters ?? all.map((f) => f.name);
    for (const name of names) {
      const source = all.find((f) => f.name === name);
      if (!source) throw new Error(`hot reload: no filter "${name}" in ${relative(process.cwd(), filtersDir) || filtersDir} (known: ${all.map((f) => f.name).join(", ") || "none"})`);
      this.states.set(name, { source, ecdsPath: join(this.devDir, `${name}.ecds.yaml`) });
    }
  }

  /** Names of the managed filters. */
  get filters(): string[] {
    return [...this.states.keys()];
  }

  /** The module each filter serves, and its ECDS file. */
  status(): Record<string, { wasm?: string; ecds: string; previousWasm?: string }> {
    const out: Record<string, { wasm?: string; ecds: string; previousWasm?: string }> = {};
    for (const [name, st] of this.states) out[name] = { wasm: st.serving?.wasm, ecds: st.ecdsPath, previousWasm: st.previousWasm };
    return out;
  }

  /**
   * Writes each filter's first version (the given prebuilt module, e.g. build/<name>.wasm, copied to
   * a versioned name; otherwise a dev compile) and its ECDS file. Returns the filters for
   * buildBootstrap / startEnvoy. Throws if a module does not build or a configuration is invalid.
   */
  async prepare(initialWasm: Record<string, string> = {}): Promise<WasmFilter[]> {
    mkdirSync(this.devDir, { recursive: true });
    const out: WasmFilter[] = [];
    for (const [name, st] of this.states) {
      let binary: Uint8Array;
      if (initialWasm[name]) {
        binary = readFileSync(initialWasm[name]!);
      } else {
        const started = performance.now();
        const built = await compileFilter(this.projectRoot, st, this.options.optimize);
        if ("error" in built) throw new Error(`${name}: ${built.error}`);
        binary = built.binary;
        this.options.onPrepared?.(name, performance.now() - started);
      }
      const wasm = writeModule(this.devDir, name, binary);
      const config = readFilterConfig(this.projectRoot, st);
      if ("error" in config) throw new Error(`${name}: ${config.error}`);
      const filter = this.wasmFilter(st, wasm, config.value);
      const resource = toYaml(ecdsResource(filter));
      writeFileAtomic(st.ecdsPath, resource);
      st.written = resource;
      st.serving = { wasm, resource };
      out.push(filter);
    }
    return out;
  }

  /** Connects to the Envoy serving the ECDS files; throws if a filter's first version did not load. */
  async attach(envoy: EnvoyHandle): Promise<void> {
    this.envoy = envoy;
    for (const name of this.states.keys()) {
      const c = await readEcdsCounters(envoy.adminUrl, name);
      if (c.config_fail > 0 || c.update_success === 0) {
        const reason = envoy.logs ? rejectionReason(envoy.logs(), name).join("\n") : "";
        throw new Error(`Envoy did not load ${name} through ECDS (config_fail=${c.config_fail}, update_success=${c.update_success})${reason ? `:\n${reason}` : ""}`);
      }
    }
  }

  /**
   * Compiles the filters a few times in the background: asc's JIT needs several compiles to warm up
   * (header-rewrite at -O0: ~2.4 s, 1.6 s, 1.2 s, then ~0.3-0.6 s), and the first compile tells
   * which files each filter imports. Nothing is applied. Each round is queued separately, so a
   * reload asked for meanwhile waits for one compile at most.
   */
  async warm(rounds = 3): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      for (const st of this.states.values()) await this.enqueue(() => compileFilter(this.projectRoot, st, this.options.optimize));
    }
  }

  /**
   * Reloads one filter (or every one, without a name): recompiles if `kinds` includes "code" and its
   * inputs changed (`force`: always), re-reads config.json, and applies the result through ECDS.
   * Reloads run one at a time, in call order.
   */
  reload(filter: string, changed: ChangeKind[] = ["code", "config"], opts: { since?: number; force?: boolean } = {}): Promise<ReloadReport> {
    const since = opts.since ?? performance.now();
    return this.enqueue(async () => {
      const report = await this.reloadNow(filter, kinds(changed), since, opts.force ?? false);
      this.options.onReport?.(report);
      return report;
    });
  }

  /** Reloads whatever the changed files affect; returns one report per affected filter. */
  async reloadPaths(paths: string[], since = performance.now()): Promise<ReloadReport[]> {
    const affected = this.affected(paths);
    const reports: ReloadReport[] = [];
    for (const [name, k] of affected) reports.push(await this.reload(name, [...k], { since }));
    return reports;
  }

  /** Which filters the changed files affect, and how. */
  affected(paths: string[]): Map<string, Set<ChangeKind>> {
    return affectedFilters(this.projectRoot, this.states, paths);
  }

  /**
   * Watches assembly/ (filters, SDK, lib) and asconfig.json (src/dev/watcher.ts) and reloads what
   * each burst of changes affects. Editors write a file in several steps, so events are collected
   * until `debounceMs` passes quietly; the reported total time counts from the first event.
   * Changes are heard once watching() resolves.
   */
  watch(opts: { debounceMs?: number } = {}): () => void {
    this.unwatch();
    this.watcher = watchSources(this.projectRoot, {
      debounceMs: opts.debounceMs ?? 20,
      onChanges: (paths, since) => {
        this.reloadPaths(paths, since).catch((err) => process.stderr.write(`hot reload: ${(err as Error).stack ?? err}\n`));
      },
      onError: (message) => process.stderr.write(`hot reload: ${message}\n`),
    });
    return () => this.unwatch();
  }

  /** Resolves when the watcher started by watch() hears every change (at once if not watching). */
  async watching(): Promise<void> {
    await this.watcher?.ready;
  }

  /** Stops watching (a burst not yet handed over is dropped). */
  unwatch(): void {
    const w = this.watcher;
    this.watcher = undefined;
    w?.close().catch(() => {});
  }

  /** Stops watching and waits for a reload in progress. */
  async close(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    await w?.close().catch(() => {});
    await this.queue.catch(() => {});
  }

  // ------------------------------------------------------------------------------------ internals

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }



  private wasmFilter(st: FilterState, wasm: string, configuration: unknown): WasmFilter {
    return {
      name: st.source.name,
      wasmPath: wasm,
      configuration,
      failurePolicy: this.options.failurePolicy ?? "FAIL_CLOSED",
      ecds: { path: st.ecdsPath },
    };
  }

  private async reloadNow(name: string, changed: ChangeKind[], since: number, force: boolean): Promise<ReloadReport> {
    const st = this.states.get(name);
    if (!st) throw new Error(`hot reload: unknown filter "${name}" (managed: ${this.filters.join(", ")})`);
    // config.json / schema.json may have appeared since the filter was found.
    if (!st.source.config && existsSync(join(st.source.dir, "config.json"))) st.source.config = join(st.source.dir, "config.json");
    if (!st.source.schema && existsSync(join(st.source.dir, "schema.json"))) st.source.schema = join(st.source.dir, "schema.json");

    const base = { filter: name, changed, compiled: false, wasm: st.serving?.wasm, buildMs: 0, applyMs: 0 };
    const done = (r: Omit<ReloadReport, "totalMs" | "ok" | keyof typeof base> & Partial<typeof base>): ReloadReport => ({
      ...base,
      ...r,
      ok: r.outcome === "applied" || r.outcome === "unchanged",
      totalMs: performance.now() - since,
    });

    // 1. The module: reuse unless the code changed.
    const buildStarted = performance.now();
    let wasm = st.serving?.wasm;
    let compiled = false;
    let phases: ReloadReport["phases"];
    if (changed.includes("code") || !wasm) {
      const known = st.compiled;
      let devConfig: string;
      try {
        devConfig = devConfigText(this.projectRoot, this.options.optimize); // asconfig.json as it is now
      } catch (e) {
        return done({ outcome: "build-failed", error: `asconfig.json is not usable: ${(e as Error).message}`, buildMs: performance.now() - buildStarted });
      }
      const unchanged = !force && known && hashInputs(known.deps, devConfig) === known.inputHash;
      let binary: Uint8Array;
      if (unchanged) {
        binary = known.binary;
      } else {
        const result = await compileFilter(this.projectRoot, st, this.options.optimize);
        if ("error" in result) return done({ outcome: "build-failed", error: result.error, buildMs: performance.now() - buildStarted });
        binary = result.binary;
        compiled = true;
        phases = result.phases;
      }
      wasm = writeModule(this.devDir, name, binary);
    }
    const config = readFilterConfig(this.projectRoot, st);
    const buildMs = performance.now() - buildStarted;
    if ("error" in config) return done({ outcome: "invalid-config", error: config.error, compiled, buildMs, phases });

    // 2. The ECDS resource.
    const resource = toYaml(ecdsResource(this.wasmFilter(st, wasm!, config.value)));
    if (resource === st.serving?.resource && resource === st.written) {
      return done({ outcome: "unchanged", compiled, buildMs, phases });
    }
    if (resource === st.rejected?.resource) {
      return done({ outcome: "rejected", error: `${st.rejected.reason}\n(the same version Envoy rejected before; the previous version keeps serving)`, compiled, buildMs, phases, candidateWasm: wasm });
    }
    if (!this.envoy) throw new Error("hot reload: no Envoy attached (call attach() after starting Envoy)");

    // 3. Swap and confirm.
    const envoy = this.envoy;
    const before = await readEcdsCounters(envoy.adminUrl, name);
    const logMark = envoy.logs?.().length ?? 0;
    const applyStarted = performance.now();
    writeFileAtomic(st.ecdsPath, resource);
    st.written = resource;
    const outcome = await awaitEcdsOutcome(envoy.adminUrl, name, before, this.options.applyTimeoutMs ?? 10_000);
    const applyMs = performance.now() - applyStarted;
    const common = { compiled, buildMs, applyMs, phases, counters: outcome.counters, candidateWasm: wasm };

    if (outcome.kind === "applied" || outcome.kind === "same") {
      if (st.serving && st.serving.wasm !== wasm) st.previousWasm = st.serving.wasm;
      st.serving = { wasm: wasm!, resource };
      st.rejected = undefined;
      cleanupModules(this.devDir, name, st);
      return done({ ...common, outcome: "applied", wasm });
    }
    if (outcome.kind === "rejected") {
      const reason = (await envoyReason(this.envoy?.logs, name, logMark)).join("\n");
      st.rejected = { resource, reason };
      cleanupModules(this.devDir, name, st);
      return done({ ...common, outcome: "rejected", error: reason });
    }
    return done({ ...common, outcome: "timeout", error: `Envoy did not apply or reject ${relative(this.projectRoot, st.ecdsPath)} within ${this.options.applyTimeoutMs ?? 10_000} ms` });
  }


}
