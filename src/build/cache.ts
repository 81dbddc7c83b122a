// Skips recompiling a filter whose inputs did not change: the hash covers the filter's folder,
// every shared AssemblyScript tree a filter may import (SDK, libraries, compat facades),
// asconfig.json and the compiler version. Stored in build/.cache.json.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import asc from "assemblyscript/asc";

function addTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) addTree(hash, path);
    else if (entry.endsWith(".ts")) hash.update(path).update(readFileSync(path));
  }
}

/** AssemblyScript folders any filter may import; a change in one rebuilds every filter. */
export const SHARED_TREES = ["assembly/sdk", "assembly/lib", "assembly/compat"];

/** The hash of everything that affects `filterDir`'s module. */
export function inputHash(projectRoot: string, filterDir: string): string {
  const hash = createHash("sha256");
  hash.update(asc.version);
  hash.update(readFileSync(join(projectRoot, "asconfig.json")));
  for (const shared of SHARED_TREES) addTree(hash, join(projectRoot, shared));
  addTree(hash, filterDir);
  return hash.digest("hex");
}

/** The per-output record of input hashes. */
export class BuildCache {
  private entries: Record<string, string> = {};
  constructor(private readonly file: string) {
    try {
      this.entries = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      this.entries = {};
    }
  }
  /** True if `output` exists and was built from `hash`. */
  fresh(output: string, hash: string): boolean {
    return this.entries[output] === hash && existsSync(output);
  }
  record(output: string, hash: string): void {
    this.entries[output] = hash;
  }
  save(): void {
    writeFileSync(this.file, JSON.stringify(this.entries, null, 2));
  }
}
