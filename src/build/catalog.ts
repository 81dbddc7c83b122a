// Which filters a command can name: the project's own (assembly/filters/<name>/, built into
// build/<name>.wasm) and the first-party ones shipped prebuilt with the envoy-as package
// (dist/filters/<name>/: module, schema.json, config.json, README.md), usable by configuration
// alone. A project's filter wins over a shipped one of the same name.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigFileError } from "../config/validate.ts";
import { PACKAGE_ROOT } from "../paths.ts";
import { type FilterSource, findFilters, FILTER_ROOTS } from "./filters.ts";

/** Where the package keeps its prebuilt first-party filters (written by scripts/dist.mjs). */
export const SHIPPED_DIR = join(PACKAGE_ROOT, "dist", "filters");

/** The first-party filters the package ships prebuilt. */
export const FIRST_PARTY = ["auth", "header-rewrite", "rate-limit"] as const;

export interface FilterRef {
  name: string;
  /** "project": sources in assembly/filters; "shipped": prebuilt in the envoy-as package. */
  origin: "project" | "shipped";
  /** The release module (may not be built yet for a project filter). */
  wasm: string;
  schema?: string;
  /** Sample / default plugin configuration. */
  config?: string;
  readme?: string;
  /** A project filter's sources. */
  source?: FilterSource;
}

/** A filter name no command knows; the message lists the known ones and how to add one. */
export class UnknownFilterError extends Error {
  override name = "UnknownFilterError";
}

/** The envoy-as version that runs (for messages: "shipped with envoy-as 0.1.0"). */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

/** The prebuilt filters of the installed package (none in a checkout before `npm run dist`). */
export function shippedFilters(): FilterRef[] {
  if (!existsSync(SHIPPED_DIR)) return [];
  const found: FilterRef[] = [];
  for (const name of readdirSync(SHIPPED_DIR).sort()) {
    const dir = join(SHIPPED_DIR, name);
    const wasm = join(dir, `${name}.wasm`);
    if (!existsSync(wasm)) continue;
    const opt = (f: string) => (existsSync(join(dir, f)) ? join(dir, f) : undefined);
    found.push({ name, origin: "shipped", wasm, schema: opt("schema.json"), config: opt("config.json"), readme: opt("README.md") });
  }
  return found;
}

/** The project's own filters: assembly/filters/<name>/ (not the repository's test fixtures). */
export function projectFilters(projectRoot: string): FilterRef[] {
  const dir = join(projectRoot, FILTER_ROOTS[0]!.dir);
  return findFilters(projectRoot)
    .filter((f) => dirname(f.dir) === dir)
    .map((f) => ({ name: f.name, origin: "project", wasm: f.wasm, schema: f.schema, config: f.config, source: f }));
}

/** Every filter a command may name, the project's first, then shipped ones it does not override. */
export function allFilters(projectRoot: string): FilterRef[] {
  const own = projectFilters(projectRoot);
  return [...own, ...shippedFilters().filter((s) => !own.some((o) => o.name === s.name))];
}

/** The filter `name`: the project's if it has one, else the shipped one. Throws UnknownFilterError. */
export function lookupFilter(projectRoot: string, name: string): FilterRef {
  const found = allFilters(projectRoot).find((f) => f.name === name);
  if (found) return found;
  const known = allFilters(projectRoot).map((f) => (f.origin === "shipped" ? `${f.name} (shipped)` : f.name));
  throw new UnknownFilterError(
    `no filter "${name}": known filters are ${known.join(", ") || "none"}. ` +
      `Create one with \`npx envoy-as init ${/^[a-z][a-z0-9-]*$/.test(name) ? name : "my-filter"}\` (assembly/filters/<name>/).`,
  );
}

/** One line saying where a filter comes from, e.g. for `build` and `start`. */
export function describeOrigin(projectRoot: string, ref: FilterRef): string {
  if (ref.origin === "shipped") return `${ref.name}: prebuilt, shipped with envoy-as ${packageVersion()}`;
  const shadows = projectRoot !== PACKAGE_ROOT && shippedFilters().some((s) => s.name === ref.name);
  return `${ref.name}: assembly/filters/${ref.name}${shadows ? ` (yours; it overrides the ${ref.name} shipped with envoy-as ${packageVersion()})` : ""}`;
}

/** A filter's configuration file as JSON; errors name the file. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(code === "ENOENT" ? `${file}: no such file` : `${file}: cannot read it (${code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`${file} is not valid JSON (${(err as Error).message}): fix the file`);
  }
}
