// Compiles one filter with asc's programmatic API, using the project's asconfig.json targets
// (release: optimized; debug: names and a source map).
import asc from "assemblyscript/asc";
import { mkdirSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { FilterSource } from "./filters.ts";
import { debugPath } from "./filters.ts";

export type Target = "release" | "debug";

export interface CompileResult {
  ok: boolean;
  /** asc's diagnostics (errors and warnings), as asc prints them. */
  diagnostics: string;
  outFile: string;
  millis: number;
}

/** Compiles `filter` for `target`, writing build/<name>.wasm or build/<name>.debug.wasm. */
export async function compileFilter(projectRoot: string, filter: FilterSource, target: Target): Promise<CompileResult> {
  const outFile = target === "release" ? filter.wasm : debugPath(filter.wasm);
  mkdirSync(dirname(outFile), { recursive: true });
  const stdout = asc.createMemoryStream();
  const stderr = asc.createMemoryStream();
  const started = performance.now();
  const args = [
    relative(projectRoot, filter.entry),
    "--config", "asconfig.json",
    "--target", target,
    "--outFile", relative(projectRoot, outFile),
    "--baseDir", projectRoot,
  ];
  if (target === "debug") args.push("--sourceMap");
  const { error } = await asc.main(args, { stdout, stderr });
  const diagnostics = stderr.toString().trim();
  return { ok: !error, diagnostics: error && !diagnostics ? String(error) : diagnostics, outFile, millis: performance.now() - started };
}
