// `envoy-as init <name>` and the project scaffold (create-envoy-as): scaffold a project into a
// temporary folder, add a filter with the CLI, and build both with the CLI. Running the generated
// tests needs the packaged envoy-as (envoy-as/testing): test/e2e/packaged.e2e.test.ts does that.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initCommand } from "../../src/cli/init.ts";
import { className, invalidName, scaffoldFilter, scaffoldProject } from "../../src/init/scaffold.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "src/cli/index.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");

let project: string;

beforeAll(() => {
  project = join(mkdtempSync(join(tmpdir(), "envoy-as-init-")), "my-filters");
});
afterAll(() => rmSync(resolve(project, ".."), { recursive: true, force: true }));

describe("init", () => {
  it("scaffolds a project whose filters import the SDK by package name and build at once", async () => {
    const files = scaffoldProject(project, { filter: "first" });
    expect(files).toEqual(expect.arrayContaining(["package.json", "asconfig.json", ".gitignore", "README.md", "assembly/tsconfig.json", "assembly/filters/first/index.ts", "test/filters/first.test.ts"]));
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    expect(pkg.name).toBe("my-filters");
    expect(pkg.scripts).toMatchObject({ build: "envoy-as build", start: "envoy-as start", test: "envoy-as build && vitest run" });
    expect(pkg.dependencies["envoy-as"]).toBe(`^${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}`);
    expect(readFileSync(join(project, "test/filters/first.test.ts"), "utf8")).toContain('from "envoy-as/testing"');
    expect(() => scaffoldProject(project)).toThrow(/is not empty/);

    const init = await run(TSX, [CLI, "init", "my-filter"], { cwd: project });
    expect(init.stdout).toContain("assembly/filters/my-filter/index.ts");
    for (const f of ["index.ts", "config.json", "schema.json", "README.md"]) expect(existsSync(join(project, "assembly/filters/my-filter", f))).toBe(true);
    const index = readFileSync(join(project, "assembly/filters/my-filter/index.ts"), "utf8");
    expect(index).toContain("class MyFilterRoot extends RootContext");
    expect(index).toContain('} from "envoy-as";');
    expect(JSON.parse(readFileSync(join(project, "assembly/filters/my-filter/config.json"), "utf8"))).toEqual({ header: "x-my-filter", value: "hello" });

    const build = await run(TSX, [CLI, "build"], { cwd: project });
    expect(build.stdout).toMatch(/first\s+build\/first\.wasm/);
    expect(build.stdout).toMatch(/my-filter\s+build\/my-filter\.wasm/);
  }, 180_000);

  it("refuses to overwrite an existing filter folder, with a clear message", async () => {
    mkdirSync(join(project, "assembly/filters/taken"), { recursive: true });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await initCommand(["taken"], project)).toBe(1);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("assembly/filters/taken already exists; not overwriting it"));
    expect(existsSync(join(project, "test/filters/taken.test.ts"))).toBe(false);
    errors.mockRestore();
  });

  it("validates the name: lower-case kebab case only", async () => {
    for (const bad of ["MyFilter", "my_filter", "-x", "x-", "my--filter", "1st", ""]) expect(invalidName(bad), bad).toBeDefined();
    for (const good of ["a", "my-filter", "auth2", "rate-limit-v2"]) expect(invalidName(good), good).toBeUndefined();
    expect(() => scaffoldFilter(project, "Bad Name")).toThrow(/lower-case kebab case/);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await initCommand(["Bad_Name"], project)).toBe(1);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('"Bad_Name" is not a valid filter name'));
    errors.mockRestore();
  });

  it("create-envoy-as is released with, and depends on, this version of envoy-as", () => {
    const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const create = JSON.parse(readFileSync(join(ROOT, "packages/create-envoy-as/package.json"), "utf8"));
    expect(create.version).toBe(own.version);
    expect(create.dependencies).toEqual({ "envoy-as": own.version });
    expect(create.bin).toEqual({ "create-envoy-as": "index.mjs" });
  });

  it("derives class names from the kebab name", () => {
    expect(className("rate-limit-v2")).toBe("RateLimitV2");
  });
});
