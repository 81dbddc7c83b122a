// What building the bench's modules shares: where they go, a content hash of their sources for
// the build cache, and the check that Envoy would load a module.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { inspectModule } from "../build/inspect.ts";

/** The bench's modules, relative to the project root. */
export const OUT_DIR = "build/bench";

/** What Envoy would refuse in `wasm` (empty when it would load it). */
export function checkEnvoyLoads(projectRoot: string, wasm: string): string[] {
  return inspectModule(readFileSync(wasm), relative(projectRoot, wasm)).problems;
}

/** sha256 over the paths and contents of `files` (a missing file hashes as empty). */
export function sha(files: string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(f).update(existsSync(f) ? readFileSync(f) : "");
  return h.digest("hex");
}
