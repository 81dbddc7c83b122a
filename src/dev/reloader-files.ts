// What the hot reloader reads and writes on disk: versioned modules (a new name per module, so
// Envoy never skips an update), the filter's configuration checked against its schema, and which
// filters a set of changed files affects.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { validateConfig } from "../config/validate.ts";
import type { FilterState } from "./reloader-state.ts";
import type { ChangeKind } from "./report.ts";

/** The first 8 hex digits of the module's sha256: its versioned file name. */
export const hex8 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex").slice(0, 8);

/** Sorted, de-duplicated change kinds. */
export function kinds(k: Iterable<ChangeKind>): ChangeKind[] {
  return (["code", "config"] as const).filter((x) => [...k].includes(x));
}

/** Writes the module under its content-derived name in `devDir` (once) and returns the path. */
export function writeModule(devDir: string, name: string, binary: Uint8Array): string {
  const path = join(devDir, `${name}-${hex8(binary)}.wasm`);
  if (!existsSync(path)) {
    mkdirSync(devDir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, binary);
    renameSync(tmp, path);
  }
  return path;
}

/** The filter's config.json ({} without one), parsed and validated against its schema.json. */
export function readFilterConfig(projectRoot: string, st: FilterState): { value: unknown } | { error: string } {
  const file = st.source.config;
  const shown = (p: string) => relative(projectRoot, p);
  if (!file || !existsSync(file)) return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    return { error: `${shown(file)} is not valid JSON: ${(e as Error).message}` };
  }
  const schema = st.source.schema ?? (existsSync(join(st.source.dir, "schema.json")) ? join(st.source.dir, "schema.json") : undefined);
  if (schema && existsSync(schema)) {
    let problems: string[];
    try {
      problems = validateConfig(value, schema);
    } catch (e) {
      return { error: `${shown(schema)} is not a usable JSON Schema: ${(e as Error).message}` };
    }
    if (problems.length) return { error: `${shown(file)} is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}` };
  }
  return { value };
}

/** Which of `states`' filters the changed files affect, and how. */
export function affectedFilters(projectRoot: string, states: Map<string, FilterState>, paths: string[]): Map<string, Set<ChangeKind>> {
  const out = new Map<string, Set<ChangeKind>>();
  const add = (name: string, k: ChangeKind) => (out.get(name) ?? out.set(name, new Set()).get(name)!).add(k);
  for (const p of paths.map((x) => resolve(projectRoot, x))) {
    const file = basename(p);
    if (p === join(projectRoot, "asconfig.json")) {
      for (const name of states.keys()) add(name, "code"); // compiler settings of every filter
      continue;
    }
    let owned = false;
    for (const [name, st] of states) {
      if (!p.startsWith(st.source.dir + sep)) continue;
      owned = true;
      if (dirname(p) === st.source.dir && (file === "config.json" || file === "schema.json")) add(name, "config");
      else if (p.endsWith(".ts")) add(name, "code");
    }
    if (owned || !p.endsWith(".ts")) continue;
    // A shared file (assembly/sdk, assembly/lib, ...): the filters whose last compile read it,
    // and those whose imports are unknown.
    for (const [name, st] of states) if (!st.deps || st.deps.has(p)) add(name, "code");
  }
  return out;
}

/** Deletes the filter's modules in `devDir` other than the serving and the previous one. */
export function cleanupModules(devDir: string, name: string, st: FilterState): void {
  const keep = new Set([st.serving?.wasm, st.previousWasm].filter(Boolean));
  const re = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9a-f]{8}\\.wasm$`);
  for (const file of readdirSync(devDir)) {
    const path = join(devDir, file);
    if (re.test(file) && !keep.has(path)) rmSync(path, { force: true });
  }
}
