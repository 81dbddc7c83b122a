// Compiles one filter for `envoy-as build` (release: optimized; debug: names and a source map)
// through the shared asc front end (asc.ts), and writes build/<name>.wasm or <name>.debug.wasm.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { runAsc } from "./asc.js";
import { debugPath } from "./filters.js";
/** Compiles `filter` for `target`, writing build/<name>.wasm or build/<name>.debug.wasm (+ .map). */
export async function compileFilter(projectRoot, filter, target) {
    const outFile = target === "release" ? filter.wasm : debugPath(filter.wasm);
    const result = await runAsc({ projectRoot, entry: filter.entry, target, sourceMap: target === "debug", outName: basename(outFile) });
    if (result.ok) {
        mkdirSync(dirname(outFile), { recursive: true });
        writeFileSync(outFile, result.binary);
        if (result.sourceMap !== undefined)
            writeFileSync(`${outFile}.map`, result.sourceMap);
    }
    return { ok: result.ok, diagnostics: result.diagnostics, outFile, contents: result.contents, configText: result.configText, millis: result.millis };
}
