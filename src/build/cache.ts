// Skips recompiling a module whose inputs did not change. A compile records every file asc read
// (the entry, the filter's own files, the SDK files it imports, from wherever the envoy-as
// package is) and the effective asc configuration; the module is fresh while all of those read
// the same. One scheme for `envoy-as build`, the dev loop and the bench. Stored in build/.cache.json.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import asc from "assemblyscript/asc";

/**
 * Changes whenever the toolchain makes something else of the same inputs (e.g. leaving out
 * unused callbacks, unused-callbacks.ts), so that modules built before are rebuilt.
 */
const OUTPUT_SCHEME = "unused-callbacks-1";

/** Hash of the files a compile read, as they are now, with the configuration (undefined if one is gone). */
export function hashInputs(deps: string[], configText: string, extra = ""): string | undefined {
  const hash = createHash("sha256").update(asc.version).update("\0").update(OUTPUT_SCHEME).update("\0").update(configText).update("\0").update(extra).update("\0");
  for (const file of [...deps].sort()) {
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch {
      return undefined;
    }
    hash.update(file).update("\0").update(text).update("\0");
  }
  return hash.digest("hex");
}

/** The same hash from the contents a compile read (no second read of the files). */
export function hashContents(contents: Map<string, string>, configText: string, extra = ""): string {
  const hash = createHash("sha256").update(asc.version).update("\0").update(OUTPUT_SCHEME).update("\0").update(configText).update("\0").update(extra).update("\0");
  for (const file of [...contents.keys()].sort()) hash.update(file).update("\0").update(contents.get(file)!).update("\0");
  return hash.digest("hex");
}

interface Entry {
  hash: string;
  deps: string[];
}

/** The per-output record of what each module was built from. */
export class BuildCache {
  private entries: Record<string, Entry> = {};
  constructor(private readonly file: string) {
    try {
      const read = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      for (const [k, v] of Object.entries(read)) if (v && typeof v === "object" && "deps" in v) this.entries[k] = v as Entry;
    } catch {
      this.entries = {};
    }
  }
  /** True if `output` exists and every input it was built from is unchanged. */
  fresh(output: string, configText: string, extra = ""): boolean {
    const e = this.entries[output];
    return !!e && existsSync(output) && hashInputs(e.deps, configText, extra) === e.hash;
  }
  /** Records that `output` was built from `contents` (as returned by runAsc). */
  record(output: string, contents: Map<string, string>, configText: string, extra = ""): void {
    this.entries[output] = { hash: hashContents(contents, configText, extra), deps: [...contents.keys()].sort() };
  }
  /** True if `output` exists and was recorded under `key` (for modules not built by asc: other SDKs' peers). */
  freshKey(output: string, key: string): boolean {
    const e = this.entries[output];
    return !!e && e.deps.length === 0 && e.hash === key && existsSync(output);
  }
  /** Records `output` under a key its builder computed itself. */
  recordKey(output: string, key: string): void {
    this.entries[output] = { hash: key, deps: [] };
  }
  save(): void {
    writeFileSync(this.file, JSON.stringify(this.entries, null, 2));
  }
}
