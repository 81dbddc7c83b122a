// The floor peer: bench/peers/floor/add-header.wat, a hand-written module that does only what
// add-header must (see the comments in that file). Assembled with binaryen's text parser, the
// binaryen that assemblyscript already brings, and cached in build/bench by source hash.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import binaryen from "binaryen";
import type { BuildCache } from "../build/cache.ts";

/** Source of the floor, relative to the project root. */
export const FLOOR_SOURCE = "bench/peers/floor/add-header.wat";

/**
 * Assembles the floor's WebAssembly text into build/bench/floor-add-header.wasm (skipped while the
 * source is unchanged) and returns that path. Binaryen only parses and
 * emits: no optimisation pass runs, so the module is the text as written.
 */
export function buildFloor(projectRoot: string, outDir: string, cache: BuildCache): string {
  const source = join(projectRoot, FLOOR_SOURCE);
  const outFile = join(outDir, "floor-add-header.wasm");
  const text = readFileSync(source, "utf8");
  const key = createHash("sha256").update("floor\0").update(text).digest("hex");
  if (cache.freshKey(outFile, key)) return outFile;
  const module = binaryen.parseText(text);
  try {
    if (!module.validate()) throw new Error(`${FLOOR_SOURCE} does not validate (binaryen printed why above)`);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(outFile, module.emitBinary());
  } finally {
    module.dispose();
  }
  cache.recordKey(outFile, key);
  return outFile;
}
