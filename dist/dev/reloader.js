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
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { findFilters, FILTER_ROOTS } from "../build/filters.js";
import { inspectModule } from "../build/inspect.js";
import { validateConfig } from "../config/validate.js";
import { ecdsResource, toYaml, writeFileAtomic } from "../envoy/config.js";
import { compileDev, devConfigText, hashInputs } from "./compiler.js";
import { awaitEcdsOutcome, readEcdsCounters, rejectionReason } from "./ecds.js";
const hex8 = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 8);
/** Sorted, de-duplicated change kinds. */
function kinds(k) {
    return ["code", "config"].filter((x) => [...k].includes(x));
}
export class HotReloader {
    options;
    projectRoot;
    devDir;
    states = new Map();
    envoy;
    queue = Promise.resolve();
    watcher;
    devConfig;
    constructor(options) {
        this.options = options;
        this.projectRoot = resolve(options.projectRoot);
        this.devDir = resolve(options.devDir ?? join(this.projectRoot, "build", "dev"));
        const filtersDir = resolve(this.projectRoot, FILTER_ROOTS[0].dir);
        const all = findFilters(this.projectRoot).filter((f) => dirname(f.dir) === filtersDir);
        const names = options.filters ?? all.map((f) => f.name);
        for (const name of names) {
            const source = all.find((f) => f.name === name);
            if (!source)
                throw new Error(`hot reload: no filter "${name}" in ${relative(process.cwd(), filtersDir) || filtersDir} (known: ${all.map((f) => f.name).join(", ") || "none"})`);
            this.states.set(name, { source, ecdsPath: join(this.devDir, `${name}.ecds.yaml`) });
        }
        this.devConfig = devConfigText(this.projectRoot, options.optimize);
    }
    /** Names of the managed filters. */
    get filters() {
        return [...this.states.keys()];
    }
    /** The module each filter serves, and its ECDS file. */
    status() {
        const out = {};
        for (const [name, st] of this.states)
            out[name] = { wasm: st.serving?.wasm, ecds: st.ecdsPath, previousWasm: st.previousWasm };
        return out;
    }
    /**
     * Writes each filter's first version (the given prebuilt module, e.g. build/<name>.wasm, copied to
     * a versioned name; otherwise a dev compile) and its ECDS file. Returns the filters for
     * buildBootstrap / startEnvoy. Throws if a module does not build or a configuration is invalid.
     */
    async prepare(initialWasm = {}) {
        mkdirSync(this.devDir, { recursive: true });
        const out = [];
        for (const [name, st] of this.states) {
            let binary;
            if (initialWasm[name]) {
                binary = readFileSync(initialWasm[name]);
            }
            else {
                const built = await this.compile(st);
                if ("error" in built)
                    throw new Error(`${name}: ${built.error}`);
                binary = built.binary;
            }
            const wasm = this.writeModule(name, binary);
            const config = this.readConfig(st);
            if ("error" in config)
                throw new Error(`${name}: ${config.error}`);
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
    async attach(envoy) {
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
    async warm(rounds = 3) {
        for (let round = 0; round < rounds; round++) {
            for (const st of this.states.values())
                await this.enqueue(() => this.compile(st));
        }
    }
    /**
     * Reloads one filter (or every one, without a name): recompiles if `kinds` includes "code" and its
     * inputs changed (`force`: always), re-reads config.json, and applies the result through ECDS.
     * Reloads run one at a time, in call order.
     */
    reload(filter, changed = ["code", "config"], opts = {}) {
        const since = opts.since ?? performance.now();
        return this.enqueue(async () => {
            const report = await this.reloadNow(filter, kinds(changed), since, opts.force ?? false);
            this.options.onReport?.(report);
            return report;
        });
    }
    /** Reloads whatever the changed files affect; returns one report per affected filter. */
    async reloadPaths(paths, since = performance.now()) {
        const affected = this.affected(paths);
        const reports = [];
        for (const [name, k] of affected)
            reports.push(await this.reload(name, [...k], { since }));
        return reports;
    }
    /** Which filters the changed files affect, and how. */
    affected(paths) {
        const out = new Map();
        const add = (name, k) => (out.get(name) ?? out.set(name, new Set()).get(name)).add(k);
        for (const p of paths.map((x) => resolve(this.projectRoot, x))) {
            const file = basename(p);
            let owned = false;
            for (const [name, st] of this.states) {
                if (!p.startsWith(st.source.dir + sep))
                    continue;
                owned = true;
                if (dirname(p) === st.source.dir && (file === "config.json" || file === "schema.json"))
                    add(name, "config");
                else if (p.endsWith(".ts"))
                    add(name, "code");
            }
            if (owned || !p.endsWith(".ts"))
                continue;
            // A shared file (assembly/sdk, assembly/lib, ...): the filters whose last compile read it,
            // and those whose imports are unknown.
            for (const [name, st] of this.states)
                if (!st.deps || st.deps.has(p))
                    add(name, "code");
        }
        return out;
    }
    /**
     * Watches assembly/ (filters, SDK, lib) and reloads what each burst of changes affects. Editors
     * write a file in several steps, so events are collected until `debounceMs` passes quietly;
     * the reported total time counts from the first event.
     */
    watch(opts = {}) {
        const root = join(this.projectRoot, "assembly");
        const debounce = opts.debounceMs ?? 20;
        let pending = new Set();
        let first = 0;
        let timer;
        const flush = () => {
            timer = undefined;
            const paths = [...pending];
            const since = first;
            pending = new Set();
            first = 0;
            this.reloadPaths(paths, since).catch((err) => {
                process.stderr.write(`hot reload: ${err.stack ?? err}\n`);
            });
        };
        this.watcher = watch(root, { recursive: true }, (_event, name) => {
            if (!name)
                return;
            const path = join(root, name.toString());
            if (!/\.(ts|json)$/.test(path))
                return; // editor swap/backup files, directories
            first ||= performance.now();
            pending.add(path);
            if (timer)
                clearTimeout(timer);
            timer = setTimeout(flush, debounce);
        });
        this.watcher.on("error", (err) => process.stderr.write(`hot reload: watching ${root}: ${err.message}\n`));
        return () => this.unwatch();
    }
    unwatch() {
        this.watcher?.close();
        this.watcher = undefined;
    }
    /** Stops watching and waits for a reload in progress. */
    async close() {
        this.unwatch();
        await this.queue.catch(() => { });
    }
    // ------------------------------------------------------------------------------------ internals
    enqueue(task) {
        const run = this.queue.then(task, task);
        this.queue = run.catch(() => { });
        return run;
    }
    async compile(st) {
        const result = await compileDev(this.projectRoot, st.source, this.options.optimize);
        if (!result.ok || !result.binary) {
            st.deps = undefined;
            return { error: `${relative(this.projectRoot, st.source.entry)} failed to compile:\n${result.diagnostics}` };
        }
        st.deps = new Set(result.deps);
        const problems = inspectModule(result.binary, `${st.source.name} (dev build)`).problems;
        if (problems.length)
            return { error: problems.join("\n") };
        st.compiled = { inputHash: result.inputHash, deps: result.deps, binary: result.binary, phases: result.phases };
        return st.compiled;
    }
    /** Writes the module under its content-derived name (once) and returns the path. */
    writeModule(name, binary) {
        const path = join(this.devDir, `${name}-${hex8(binary)}.wasm`);
        if (!existsSync(path)) {
            mkdirSync(this.devDir, { recursive: true });
            const tmp = `${path}.${process.pid}.tmp`;
            writeFileSync(tmp, binary);
            renameSync(tmp, path);
        }
        return path;
    }
    readConfig(st) {
        const file = st.source.config;
        const shown = (p) => relative(this.projectRoot, p);
        if (!file || !existsSync(file))
            return { value: {} };
        let value;
        try {
            value = JSON.parse(readFileSync(file, "utf8"));
        }
        catch (e) {
            return { error: `${shown(file)} is not valid JSON: ${e.message}` };
        }
        const schema = st.source.schema ?? (existsSync(join(st.source.dir, "schema.json")) ? join(st.source.dir, "schema.json") : undefined);
        if (schema && existsSync(schema)) {
            let problems;
            try {
                problems = validateConfig(value, schema);
            }
            catch (e) {
                return { error: `${shown(schema)} is not a usable JSON Schema: ${e.message}` };
            }
            if (problems.length)
                return { error: `${shown(file)} is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}` };
        }
        return { value };
    }
    wasmFilter(st, wasm, configuration) {
        return {
            name: st.source.name,
            wasmPath: wasm,
            configuration,
            failurePolicy: this.options.failurePolicy ?? "FAIL_CLOSED",
            ecds: { path: st.ecdsPath },
        };
    }
    async reloadNow(name, changed, since, force) {
        const st = this.states.get(name);
        if (!st)
            throw new Error(`hot reload: unknown filter "${name}" (managed: ${this.filters.join(", ")})`);
        // config.json / schema.json may have appeared since the filter was found.
        if (!st.source.config && existsSync(join(st.source.dir, "config.json")))
            st.source.config = join(st.source.dir, "config.json");
        if (!st.source.schema && existsSync(join(st.source.dir, "schema.json")))
            st.source.schema = join(st.source.dir, "schema.json");
        const base = { filter: name, changed, compiled: false, wasm: st.serving?.wasm, buildMs: 0, applyMs: 0 };
        const done = (r) => ({
            ...base,
            ...r,
            ok: r.outcome === "applied" || r.outcome === "unchanged",
            totalMs: performance.now() - since,
        });
        // 1. The module: reuse unless the code changed.
        const buildStarted = performance.now();
        let wasm = st.serving?.wasm;
        let compiled = false;
        let phases;
        if (changed.includes("code") || !wasm) {
            const known = st.compiled;
            const unchanged = !force && known && hashInputs(known.deps, this.devConfig) === known.inputHash;
            let binary;
            if (unchanged) {
                binary = known.binary;
            }
            else {
                const result = await this.compile(st);
                if ("error" in result)
                    return done({ outcome: "build-failed", error: result.error, buildMs: performance.now() - buildStarted });
                binary = result.binary;
                compiled = true;
                phases = result.phases;
            }
            wasm = this.writeModule(name, binary);
        }
        const config = this.readConfig(st);
        const buildMs = performance.now() - buildStarted;
        if ("error" in config)
            return done({ outcome: "invalid-config", error: config.error, compiled, buildMs, phases });
        // 2. The ECDS resource.
        const resource = toYaml(ecdsResource(this.wasmFilter(st, wasm, config.value)));
        if (resource === st.serving?.resource && resource === st.written) {
            return done({ outcome: "unchanged", compiled, buildMs, phases });
        }
        if (resource === st.rejected?.resource) {
            return done({ outcome: "rejected", error: `${st.rejected.reason}\n(the same version Envoy rejected before; the previous version keeps serving)`, compiled, buildMs, phases, candidateWasm: wasm });
        }
        if (!this.envoy)
            throw new Error("hot reload: no Envoy attached (call attach() after starting Envoy)");
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
            if (st.serving && st.serving.wasm !== wasm)
                st.previousWasm = st.serving.wasm;
            st.serving = { wasm: wasm, resource };
            st.rejected = undefined;
            this.cleanup(name, st);
            return done({ ...common, outcome: "applied", wasm });
        }
        if (outcome.kind === "rejected") {
            const reason = (await this.envoyReason(name, logMark)).join("\n");
            st.rejected = { resource, reason };
            this.cleanup(name, st);
            return done({ ...common, outcome: "rejected", error: reason });
        }
        return done({ ...common, outcome: "timeout", error: `Envoy did not apply or reject ${relative(this.projectRoot, st.ecdsPath)} within ${this.options.applyTimeoutMs ?? 10_000} ms` });
    }
    /** Envoy's log lines explaining a rejection; waits briefly for them to arrive through the pipe. */
    async envoyReason(name, mark) {
        const logs = this.envoy?.logs;
        if (!logs)
            return [`Envoy rejected the update of ${name} (its log is not available here)`];
        const since = () => {
            const all = logs();
            return all.length >= mark ? all.slice(mark) : all; // the launcher trims very long logs
        };
        const deadline = performance.now() + 1000;
        while (!/config update rejected/.test(since()) && performance.now() < deadline)
            await new Promise((r) => setTimeout(r, 10));
        return rejectionReason(since(), name);
    }
    /** Deletes this filter's modules other than the serving and the previous one. */
    cleanup(name, st) {
        const keep = new Set([st.serving?.wasm, st.previousWasm].filter(Boolean));
        const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{8}\\.wasm$`);
        for (const file of readdirSync(this.devDir)) {
            const path = join(this.devDir, file);
            if (re.test(file) && !keep.has(path))
                rmSync(path, { force: true });
        }
    }
}
/** One line per reload, for the terminal. */
export function formatReport(r, projectRoot = process.cwd()) {
    const ms = (n) => `${Math.round(n)} ms`;
    const what = r.changed.join("+") || "reload";
    const wasm = (p) => (p ? relative(projectRoot, p) : "?");
    const timing = `build ${ms(r.buildMs)}${r.compiled ? "" : " (module reused)"}, apply ${ms(r.applyMs)}, total ${ms(r.totalMs)}`;
    const indent = (s) => (s ?? "").trimEnd().replace(/^/gm, "    ");
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
