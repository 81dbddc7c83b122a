// Writing Envoy config files: YAML text, atomic writes (Envoy's file watchers must never see a
// half-written file), and a filter's ECDS file.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import YAML from "yaml";
import { ecdsResource, type WasmFilter } from "./wasm-filter.ts";

/** YAML text of a bootstrap or ECDS resource, with a header comment. */
export function toYaml(doc: unknown, header?: string): string {
  const body = YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  const comment = header ? header.replace(/^/gm, "# ").replace(/# $/gm, "#") + "\n" : "";
  return comment + body;
}

/** Write atomically (temp file + rename): Envoy's file watchers must never see a half-written file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Write a filter's ECDS file (the resource its config_discovery points at). */
export function writeEcdsFile(f: WasmFilter, defaults: { allowOnHeadersStopIteration?: boolean } = {}): void {
  if (!f.ecds) throw new Error(`Filter ${f.name} has no ecds.path`);
  writeFileAtomic(f.ecds.path, toYaml(ecdsResource(f, defaults)));
}
