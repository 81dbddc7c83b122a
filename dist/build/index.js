// `envoy-as build`: compiles every filter (release + debug), checks each module against what
// Envoy links, validates each filter's sample configuration against its schema, and prints a
// size table. Fails (BuildError) with asc's diagnostics or the offending file and import.
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { effectiveConfigText, explainDiagnostics } from "./asc.js";
import { BuildCache } from "./cache.js";
import { compileFilter } from "./compile.js";
import { debugPath, findFilters, shown } from "./filters.js";
import { inspectModule } from "./inspect.js";
import { validateConfigFile } from "../config/validate.js";
import { PACKAGE_ROOT, requireBuildableProject } from "../paths.js";
import { describeOrigin, lookupFilter, projectFilters, shippedFilters } from "./catalog.js";
export class BuildError extends Error {
    constructor(message) {
        super(message);
        this.name = "BuildError";
    }
}
/** Validates a filter's sample configuration against its schema, if it has both. */
export function checkSampleConfig(projectRoot, filter) {
    if (!filter.config || !filter.schema)
        return;
    const problems = validateConfigFile(filter.config, filter.schema);
    if (problems.length) {
        const file = shown(projectRoot, filter.config);
        throw new BuildError(`${file} is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}\nFix the configuration (schema: ${shown(projectRoot, filter.schema)}).`);
    }
}
/** Builds one filter (both targets) unless its inputs are unchanged. */
export async function buildFilter(projectRoot, filter, cache, force = false) {
    checkSampleConfig(projectRoot, filter);
    const configText = effectiveConfigText(projectRoot);
    const started = performance.now();
    const outputs = { release: filter.wasm, debug: debugPath(filter.wasm) };
    const cached = !force && cache.fresh(outputs.release, configText, "release") && cache.fresh(outputs.debug, configText, "debug");
    if (!cached) {
        for (const target of ["release", "debug"]) {
            const result = await compileFilter(projectRoot, filter, target);
            if (!result.ok) {
                throw new BuildError(`${shown(projectRoot, filter.entry)} failed to compile (${target}):\n${explainDiagnostics(result.diagnostics)}`);
            }
            cache.record(outputs[target], result.contents, result.configText, target);
        }
    }
    const problems = [];
    const reports = [filter.wasm, debugPath(filter.wasm)].map((file) => {
        const report = inspectModule(readFileSync(file), shown(projectRoot, file));
        problems.push(...report.problems);
        return report;
    });
    if (problems.length)
        throw new BuildError(problems.join("\n"));
    return {
        name: filter.name,
        wasm: filter.wasm,
        debugWasm: debugPath(filter.wasm),
        bytes: statSync(filter.wasm).size,
        debugBytes: statSync(debugPath(filter.wasm)).size,
        imports: reports[0].imports,
        abi: reports[0].abi,
        cached,
        millis: performance.now() - started,
        source: filter,
    };
}
/** Formats the size table printed after a build. */
export function sizeTable(projectRoot, built) {
    const rows = built.map((b) => [b.name, shown(projectRoot, b.wasm), b.bytes.toLocaleString("en-US"), b.debugBytes.toLocaleString("en-US"), b.abi ?? "?", b.cached ? "cached" : `${Math.round(b.millis)} ms`]);
    const head = ["filter", "module", "release bytes", "debug bytes", "abi", "build"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r) => r.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
    return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
/** Builds every filter (or `only` some); prints a size table; throws BuildError on the first failure. */
export async function buildAll(options = {}) {
    const projectRoot = requireBuildableProject(options.projectRoot ?? process.cwd());
    const log = options.log ?? ((line) => console.log(line));
    let filters = findFilters(projectRoot);
    if (options.only?.length) {
        for (const name of options.only) {
            if (filters.some((f) => f.name === name))
                continue;
            const ref = lookupFilter(projectRoot, name); // throws UnknownFilterError, listing what exists
            throw new BuildError(`${describeOrigin(projectRoot, ref)}: nothing to build (use it as it is, or copy its configuration into your own filter)`);
        }
        filters = filters.filter((f) => options.only.includes(f.name));
    }
    if (filters.length === 0) {
        throw new BuildError(`no filters in ${join(projectRoot, "assembly/filters")}/: add one with \`npx envoy-as init my-filter\``);
    }
    for (const f of filters) {
        const own = projectFilters(projectRoot).find((p) => p.name === f.name);
        if (own && projectRoot !== PACKAGE_ROOT && shippedFilters().some((s) => s.name === f.name))
            log(describeOrigin(projectRoot, own));
    }
    mkdirSync(join(projectRoot, "build"), { recursive: true });
    const cache = new BuildCache(join(projectRoot, "build", ".cache.json"));
    const built = [];
    try {
        for (const filter of filters)
            built.push(await buildFilter(projectRoot, filter, cache, options.force));
    }
    finally {
        cache.save();
    }
    log(sizeTable(projectRoot, built));
    return built;
}
