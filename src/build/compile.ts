// Compiles one filter for `envoy-as build` (release: optimized; debug: names and a source map)
// through the shared asc front end (asc.ts), and writes build/<name>.wasm or <name>.debug.wasm.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { runAsc } from "./asc.ts";
import type { FilterSource } from "./filters.ts";
import { debugPath } from "./filters.ts";

export type Target = "release" | "debug";

export interface CompileResult {
  ok: boolean;
  /** asc's diagnostics (errors and warnings), as asc prints them. */
  diagnostics: string;
  outFile: string;
  /** Every file the compile read, with its contents (for the build cache). */
  contents: Map<string, string>;
  /** The effective asc configuration it ran with. */
  configText: string;
  millis: number;
}

/** Compiles `filter` for `target`, writing build/<name>.wasm or build/<name>.debug.wasm (+ .map). */
export async function compileFilter(projectRoot: string, filter: FilterSource, target: Target): Promise<CompileResult> {
  const outFile = target === "release" ? filter.wasm : debugPath(filter.wasm);
  const result = await runAsc({ projectRoot, entry: filter.entry, target, sourceMap: target === "debug", outName: basename(outFile) });
  if (result.ok) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, result.binary!);
    if (result.sourceMap !== undefined) writeFileSync(`${outFile}.map`, result.sourceMap);
  }
  return { ok: result.ok, diagnostics: result.diagnostics, outFile, contents: result.contents, configText: result.configText, millis: result.millis };
}
