// `envoy-as init <name>` end to end: scaffold into a temporary copy of the project layout
// (assembly/sdk, asconfig.json, src and node_modules symlinked), build the new filter with the
// CLI, and run its generated test with vitest — it must pass as generated.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initCommand } from "../../src/cli/init.ts";
import { className, invalidName, scaffoldFilter } from "../../src/init/scaffold.ts";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "src/cli/index.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const VITEST = join(ROOT, "node_modules/.bin/vitest");

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "envoy-as-init-"));
  mkdirSync(join(project, "assembly"));
  symlinkSync(join(ROOT, "assembly/sdk"), join(project, "assembly/sdk"));
  symlinkSync(join(ROOT, "assembly/tsconfig.json"), join(project, "assembly/tsconfig.json"));
  for (const entry of ["asconfig.json", "src", "node_modules", "package.json", "tsconfig.json"]) symlinkSync(join(ROOT, entry), join(project, entry));
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("init", () => {
  it("scaffolds a filter whose generated test builds and passes at once", async () => {
    const init = await run(TSX, [CLI, "init", "my-filter"], { cwd: project });
    expect(init.stdout).toContain("assembly/filters/my-filter/index.ts");
    for (const f of ["index.ts", "config.json", "schema.json", "README.md"]) expect(existsSync(join(project, "assembly/filters/my-filter", f))).toBe(true);
    expect(readFileSync(join(project, "assembly/filters/my-filter/index.ts"), "utf8")).toContain("class MyFilterRoot extends RootContext");
    expect(JSON.parse(readFileSync(join(project, "assembly/filters/my-filter/config.json"), "utf8"))).toEqual({ header: "x-my-filter", value: "hello" });

    const build = await run(TSX, [CLI, "build", "my-filter"], { cwd: project });
    expect(build.stdout).toMatch(/build\/my-filter\.wasm/);

    const test = await run(VITEST, ["run", "test/filters/my-filter.test.ts", "--root", project, "--reporter", "verbose"], { cwd: project, env: { ...process.env, CI: "1" } });
    expect(test.stdout).toMatch(/3 passed/);
  }, 120_000);

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

  it("derives class names from the kebab name", () => {
    expect(className("rate-limit-v2")).toBe("RateLimitV2");
  });
});
