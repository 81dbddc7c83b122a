// Skips recompiling a filter whose inputs did not change: the hash covers the filter's folder,
// the SDK, asconfig.json and the compiler version. Stored in build/.cache.json.
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

/** The hash of everything that affects `filterDir`'s module. */
export function inputHash(projectRoot: string, filterDir: string): string {
  const hash = createHash("sha256");
  hash.update(asc.version);
  hash.update(readFileSync(join(projectRoot, "asconfig.json")));
  addTree(hash, join(projectRoot, "assembly/sdk"));
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
