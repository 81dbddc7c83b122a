// The hot reloader's parts that need no Envoy: dev compiles, change routing, versioned modules and
// ECDS files, refusing bad builds/configurations before Envoy is involved, and report formatting.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFilters } from "../../src/build/filters.ts";
import { compileDev, devConfigText, hashInputs } from "../../src/dev/compiler.ts";
import { rejectionReason } from "../../src/dev/ecds.ts";
import { HotReloader, formatReport, type ReloadReport } from "../../src/dev/reloader.ts";
import { REPO_ROOT, scratchProject, versionFilter, VERSION_FILTER_SCHEMA, type ScratchProject } from "./scratch.ts";

let project: ScratchProject;
beforeAll(() => {
  project = scratchProject("envoy-as-dev-unit-");
  project.write("assembly/shared/marker.ts", `export const SHARED = "s1";\n`);
  project.write("assembly/filters/a/index.ts", versionFilter("a", "v1", { sharedImport: true }));
  project.write("assembly/filters/a/config.json", JSON.stringify({ tag: "t1" }));
  project.write("assembly/filters/a/schema.json", VERSION_FILTER_SCHEMA);
  project.write("assembly/filters/b/index.ts", versionFilter("b", "v1"));
});
afterAll(() => project?.remove());

describe("dev compiler", () => {
  it("compiles one target in memory, lists the files it read, and hashes them", async () => {
    const filter = findFilters(project.dir).find((f) => f.name === "a")!;
    const first = await compileDev(project.dir, filter);
    expect(first.ok, first.diagnostics).toBe(true);
    expect(new WebAssembly.Module(new Uint8Array(first.binary!))).toBeInstanceOf(WebAssembly.Module);
    expect(first.deps).toContain(join(project.dir, "assembly/filters/a/index.ts"));
    expect(first.deps).toContain(join(project.dir, "assembly/shared/marker.ts"));
    // The SDK ("envoy-as") is read from the package that runs the build: this repository here.
    expect(first.deps.some((d) => d.startsWith(join(REPO_ROOT, "assembly/sdk/")))).toBe(true);
    expect(existsSync(join(project.dir, "build"))).toBe(false); // nothing written
    const config = devConfigText(project.dir);
    expect(JSON.parse(config).targets.dev).toMatchObject({ optimizeLevel: 0, shrinkLevel: 0, converge: false });
    expect(hashInputs(first.deps, config)).toBe(first.inputHash);
    project.write("assembly/shared/marker.ts", `export const SHARED = "s2";\n`);
    expect(hashInputs(first.deps, config)).not.toBe(first.inputHash);
    project.write("assembly/shared/marker.ts", `export const SHARED = "s1";\n`);
  });
});

describe("HotReloader without Envoy", () => {
  const reports: ReloadReport[] = [];
  let reloader: HotReloader;
  beforeAll(() => {
    reloader = new HotReloader({ projectRoot: project.dir, onReport: (r) => reports.push(r) });
  });

  it("refuses a filter it cannot find", () => {
    expect(() => new HotReloader({ projectRoot: project.dir, filters: ["nope"] })).toThrow(/no filter "nope".*known: a, b/);
  });

  it("prepare writes a versioned module and an ECDS file naming it", async () => {
    const filters = await reloader.prepare();
    expect(filters.map((f) => f.name)).toEqual(["a", "b"]);
    const a = filters[0]!;
    expect(a.wasmPath).toMatch(/build\/dev\/a-[0-9a-f]{8}\.wasm$/);
    expect(a.ecds!.path).toBe(join(project.dir, "build/dev/a.ecds.yaml"));
    const yaml = readFileSync(a.ecds!.path, "utf8");
    expect(yaml).toContain(`filename: ${a.wasmPath}`);
    expect(yaml).toContain(`value: '{"tag":"t1"}'`);
    expect(yaml).toContain("type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig");
  });

  it("routes changed files to the filters and kinds they affect", () => {
    const p = (rel: string) => join(project.dir, rel);
    const route = (...rels: string[]) => Object.fromEntries([...reloader.affected(rels.map(p))].map(([k, v]) => [k, [...v].sort()]));
    expect(route("assembly/filters/a/config.json")).toEqual({ a: ["config"] });
    expect(route("assembly/filters/a/schema.json", "assembly/filters/a/index.ts")).toEqual({ a: ["code", "config"] });
    expect(route("assembly/filters/b/index.ts")).toEqual({ b: ["code"] });
    expect(route("assembly/shared/marker.ts")).toEqual({ a: ["code"] }); // b does not import it
    const sdk = Object.fromEntries([...reloader.affected([join(REPO_ROOT, "assembly/sdk/index.ts")])].map(([k, v]) => [k, [...v]]));
    expect(sdk).toEqual({ a: ["code"], b: ["code"] });
    expect(route("assembly/filters/a/notes.md", "assembly/unused.ts")).toEqual({});
  });

  it("a compile error or an invalid configuration is refused before Envoy is needed", async () => {
    const good = project.read("assembly/filters/a/index.ts");
    project.write("assembly/filters/a/index.ts", good + "\nlet broken: i32 = \"x\";\n");
    const failed = await reloader.reload("a", ["code"]);
    expect(failed).toMatchObject({ outcome: "build-failed", ok: false });
    expect(failed.error).toMatch(/assembly\/filters\/a\/index\.ts failed to compile:[\s\S]*TS2322/);
    project.write("assembly/filters/a/index.ts", good);

    project.write("assembly/filters/a/config.json", `{"tag": 5}`);
    const invalid = await reloader.reload("a", ["config"]);
    expect(invalid).toMatchObject({ outcome: "invalid-config", compiled: false });
    expect(invalid.error).toContain("tag: must be string");
    project.write("assembly/filters/a/config.json", `{"tag": `);
    expect((await reloader.reload("a", ["config"])).error).toMatch(/config\.json is not valid JSON/);
    project.write("assembly/filters/a/config.json", JSON.stringify({ tag: "t1" }));
    expect(reports.map((r) => r.outcome)).toEqual(["build-failed", "invalid-config", "invalid-config"]);
  });

  it("a save without a real change is 'unchanged' and writes nothing", async () => {
    const before = readdirSync(reloader.devDir).sort();
    const report = await reloader.reload("a", ["config"]);
    expect(report.outcome).toBe("unchanged");
    expect(readdirSync(reloader.devDir).sort()).toEqual(before);
  });

  it("formats one line per reload, with the reasons indented below a failure", () => {
    const base = { filter: "a", changed: ["code"] as ReloadReport["changed"], compiled: true, wasm: join(project.dir, "build/dev/a-0123abcd.wasm"), buildMs: 312.4, applyMs: 41.6, totalMs: 371 };
    expect(formatReport({ ...base, outcome: "applied", ok: true }, project.dir)).toBe(
      "[hot-reload] a: code → serving build/dev/a-0123abcd.wasm (build 312 ms, apply 42 ms, total 371 ms)",
    );
    expect(formatReport({ ...base, outcome: "rejected", ok: false, error: "a: bad\nUnable to create Wasm plugin a" }, project.dir)).toBe(
      "[hot-reload] a: code REJECTED by Envoy (build 312 ms, apply 42 ms, total 371 ms); build/dev/a-0123abcd.wasm keeps serving. Envoy says:\n    a: bad\n    Unable to create Wasm plugin a",
    );
  });
});

describe("Envoy's rejection reason", () => {
  it("keeps the plugin's own log lines and Envoy's verdict, not the per-worker noise", () => {
    const log = [
      "[2026-11-22 03:24:12.077][2187][error][wasm] [source/extensions/common/wasm/context.cc:1157] wasm log probe probe: probe: configuration rejected (reject=true)",
      "[2026-11-22 03:24:12.083][2187][error][wasm] [source/extensions/common/wasm/wasm.cc:104] Wasm VM failed Failed to configure base Wasm plugin",
      "[2026-11-22 03:24:12.083][2187][critical][wasm] [source/extensions/common/wasm/wasm.cc:479] Plugin configured to fail closed failed to load",
      "[2026-11-22 03:24:12.084][2194][critical][wasm] [source/extensions/common/wasm/wasm.cc:479] Plugin configured to fail closed failed to load",
      "[2026-11-22 03:24:12.085][2187][info][main] [source/server/server.cc:1] unrelated",
      "[2026-11-22 03:24:12.085][2187][warning][config] [source/extensions/config_subscription/filesystem/filesystem_subscription_impl.cc:81] Filesystem config update rejected: Unable to create Wasm plugin probe",
    ].join("\n");
    expect(rejectionReason(log, "probe")).toEqual([
      "wasm log probe probe: probe: configuration rejected (reject=true)",
      "Wasm VM failed Failed to configure base Wasm plugin",
      "Unable to create Wasm plugin probe",
    ]);
    expect(rejectionReason("", "probe")).toEqual(["Envoy rejected the update of probe (see its log)"]);
  });
});
