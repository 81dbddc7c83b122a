// Scaffolds from src/init/templates: a new project (templates/project, used by create-envoy-as)
// and a new filter in a project: assembly/filters/<name>/{index.ts, config.json, schema.json,
// README.md} and test/filters/<name>.test.ts. Refuses to overwrite.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../paths.ts";

/** Beside this file in a checkout (src/init/templates) and in the package (dist/init/templates). */
const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "templates");

/** Lower-case kebab case: starts with a letter, words of [a-z0-9] joined by single dashes. */
export const FILTER_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export class InitError extends Error {
  override name = "InitError";
}

/** Why `name` is not a valid filter name, or undefined when it is. */
export function invalidName(name: string): string | undefined {
  if (!FILTER_NAME.test(name)) {
    return `"${name}" is not a valid filter name: use lower-case kebab case (letters, digits and single dashes, starting with a letter), e.g. "my-filter"`;
  }
  if (name.length > 64) return `"${name}" is too long (64 characters at most)`;
  return undefined;
}

/** "my-filter" → "MyFilter" (the template's class names). */
export function className(name: string): string {
  return name.split("-").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** Files the scaffold writes, relative to the project root, with their template. */
function plan(name: string): [string, string][] {
  const dir = `assembly/filters/${name}`;
  return [
    [`${dir}/index.ts`, "index.ts.tmpl"],
    [`${dir}/config.json`, "config.json.tmpl"],
    [`${dir}/schema.json`, "schema.json.tmpl"],
    [`${dir}/README.md`, "README.md.tmpl"],
    [`test/filters/${name}.test.ts`, "test.ts.tmpl"],
  ];
}

/**
 * Writes the new filter's files under `projectRoot` and returns their paths (relative). Throws
 * InitError for an invalid name or when the filter folder or its test already exists.
 */
export function scaffoldFilter(projectRoot: string, name: string): string[] {
  const invalid = invalidName(name);
  if (invalid) throw new InitError(invalid);
  const files = plan(name);
  const folder = join(projectRoot, "assembly/filters", name);
  if (existsSync(folder)) throw new InitError(`assembly/filters/${name} already exists; not overwriting it (pick another name or remove the folder)`);
  for (const [rel] of files) {
    if (existsSync(join(projectRoot, rel))) throw new InitError(`${rel} already exists; not overwriting it`);
  }
  const fill = (text: string) => text.replaceAll("__NAME__", name).replaceAll("__CLASS__", className(name));
  for (const [rel, template] of files) {
    const path = join(projectRoot, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, fill(readFileSync(join(TEMPLATES, template), "utf8")), { flag: "wx" });
  }
  return files.map(([rel]) => relative(projectRoot, join(projectRoot, rel)));
}

/** What a new project is made with. */
export interface ProjectOptions {
  /** The first filter's name (default "my-filter"). */
  filter?: string;
  /** The envoy-as dependency (default "^<this version>"); e.g. a file: or tarball spec for tests. */
  envoyAs?: string;
}

/** vitest for the generated tests: the 4.x line runs on Node 20 (5.x needs Node 22). */
const VITEST_RANGE = "^4.1.12";

/**
 * Creates a new filter project in `dir` (which must be empty or not exist): package.json with
 * build/start/test scripts, asconfig.json, .gitignore, README.md, assembly/tsconfig.json (editor
 * resolution of "envoy-as"), and a first filter with its test. Returns the files written
 * (relative). Throws InitError for a non-empty folder or a bad name. Nothing is installed.
 */
export function scaffoldProject(dir: string, o: ProjectOptions = {}): string[] {
  const filter = o.filter ?? "my-filter";
  const invalid = invalidName(filter);
  if (invalid) throw new InitError(invalid);
  if (existsSync(dir) && readdirSync(dir).length) throw new InitError(`${dir} is not empty; create the project in a new folder`);
  const project = basename(dir).toLowerCase().replace(/[^a-z0-9-._~]/g, "-").replace(/^[-._]+/, "") || "envoy-filters";
  const version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const fill = (text: string) =>
    text.replaceAll("__PROJECT__", project).replaceAll("__ENVOY_AS__", o.envoyAs ?? `^${version}`).replaceAll("__VITEST__", VITEST_RANGE);
  const files: [string, string][] = [
    ["package.json", "package.json.tmpl"],
    ["asconfig.json", "asconfig.json"],
    [".gitignore", "gitignore"],
    ["README.md", "README.md.tmpl"],
    ["assembly/tsconfig.json", "assembly/tsconfig.json"],
  ];
  for (const [rel, template] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, fill(readFileSync(join(TEMPLATES, "project", template), "utf8")), { flag: "wx" });
  }
  return [...files.map(([rel]) => rel), ...scaffoldFilter(dir, filter)];
}
