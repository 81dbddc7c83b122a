// Finds the filters to build. A filter is a folder with an index.ts entry; its folder name is
// its key everywhere (build output, config, tests, Envoy config). Optional beside the entry:
// config.json (the sample/default plugin configuration) and schema.json (its JSON Schema).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
/** Where filters live, and where each group's modules go. */
export const FILTER_ROOTS = [
    { dir: "assembly/filters", out: "build" },
    // Filters used only by tests (e.g. the probe): built the same way, kept out of build/'s top level.
    { dir: "test/fixtures/filters", out: "build/test" },
];
/** Lists every filter under the project's filter roots, sorted by name. */
export function findFilters(projectRoot) {
    const found = [];
    for (const root of FILTER_ROOTS) {
        const dir = resolve(projectRoot, root.dir);
        if (!existsSync(dir))
            continue;
        for (const name of readdirSync(dir).sort()) {
            const folder = join(dir, name);
            const entry = join(folder, "index.ts");
            if (!statSync(folder).isDirectory() || !existsSync(entry))
                continue;
            const config = join(folder, "config.json");
            const schema = join(folder, "schema.json");
            found.push({
                name,
                dir: folder,
                entry,
                wasm: resolve(projectRoot, root.out, `${name}.wasm`),
                config: existsSync(config) ? config : undefined,
                schema: existsSync(schema) ? schema : undefined,
            });
        }
    }
    return found;
}
/** The debug module's path for a release module path. */
export function debugPath(wasm) {
    return wasm.replace(/\.wasm$/, ".debug.wasm");
}
/** A path relative to the project, for messages. */
export function shown(projectRoot, path) {
    return relative(projectRoot, path) || path;
}
