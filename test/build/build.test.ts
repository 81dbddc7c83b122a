// The build refuses what Envoy would refuse, and reports compile errors with asc's diagnostics.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import asc from "assemblyscript/asc";
import { afterAll, describe, expect, it } from "vitest";
import { BuildError, buildAll } from "../../src/build/index.ts";
import { inspectModule } from "../../src/build/inspect.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const temps: string[] = [];

/** A scratch project that shares the real SDK and asconfig.json, with the given filters. */
function project(filters: Record<string, { index: string; config?: string; schema?: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), "envoy-as-build-"));
  temps.push(dir);
  cpSync(join(ROOT, "asconfig.json"), join(dir, "asconfig.json"));
  writeFileSync(join(dir, "package.json"), "{}");
  mkdirSync(join(dir, "assembly/filters"), { recursive: true });
  for (const [name, files] of Object.entries(filters)) {
    const folder = join(dir, "assembly/filters", name);
    mkdirSync(folder);
    writeFileSync(join(folder, "index.ts"), files.index);
    if (files.config) writeFileSync(join(folder, "config.json"), files.config);
    if (files.schema) writeFileSync(join(folder, "schema.json"), files.schema);
  }
  return dir;
}

const MINIMAL = `
import { RootContext, registerRootContext } from "envoy-as";
export * from "envoy-as/sdk/abi/exports";
registerRootContext("minimal", (id: u32): RootContext => new RootContext(id));
`;

afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("build", () => {
  it("builds release and debug modules that import only what Envoy links", async () => {
    const dir = project({ minimal: { index: MINIMAL } });
    const lines: string[] = [];
    const [built] = await buildAll({ projectRoot: dir, log: (l) => lines.push(l) });
    expect(built.name).toBe("minimal");
    expect(built.abi).toBe("0.2.1");
    expect(built.imports.every((i) => i.startsWith("env.proxy_") || i.startsWith("wasi_"))).toBe(true);
    expect(built.bytes).toBeLessThan(built.debugBytes);
    expect(lines.join("\n")).toMatch(/minimal\s+build\/minimal\.wasm\s+[\d,]+\s+[\d,]+\s+0\.2\.1/);
  });

  it("reuses an unchanged build and rebuilds after a source change", async () => {
    const dir = project({ minimal: { index: MINIMAL } });
    const first = await buildAll({ projectRoot: dir, log: () => {} });
    const second = await buildAll({ projectRoot: dir, log: () => {} });
    expect(first[0].cached).toBe(false);
    expect(second[0].cached).toBe(true);
    writeFileSync(join(dir, "assembly/filters/minimal/index.ts"), MINIMAL + "\n// changed\n");
    const third = await buildAll({ projectRoot: dir, log: () => {} });
    expect(third[0].cached).toBe(false);
    // A change in a project file the filter imports rebuilds it; a file nothing imports does not.
    mkdirSync(join(dir, "assembly/shared"), { recursive: true });
    writeFileSync(join(dir, "assembly/shared/marker.ts"), "export const X: i32 = 1;\n");
    writeFileSync(join(dir, "assembly/filters/minimal/index.ts"), `import { X } from "../../shared/marker";\n${MINIMAL}\nexport const y = X;\n`);
    expect((await buildAll({ projectRoot: dir, log: () => {} }))[0].cached).toBe(false);
    writeFileSync(join(dir, "assembly/shared/unused.ts"), "export const Z: i32 = 1;\n");
    expect((await buildAll({ projectRoot: dir, log: () => {} }))[0].cached).toBe(true);
    writeFileSync(join(dir, "assembly/shared/marker.ts"), "export const X: i32 = 2;\n");
    expect((await buildAll({ projectRoot: dir, log: () => {} }))[0].cached).toBe(false);
  });

  it("reports a compile error with asc's diagnostic and the file", async () => {
    const dir = project({ broken: { index: MINIMAL + "\nconst x: i32 = \"not a number\";\n" } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain("assembly/filters/broken/index.ts failed to compile");
    expect(error.message).toMatch(/TS2322/);
  });

  it("rejects a filter that does not re-export the ABI", async () => {
    const dir = project({ noabi: { index: `import { log } from "envoy-as";\nexport function hello(): void { log.info("hi"); }\n` } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain("build/noabi.wasm: exports no ABI version marker");
    expect(error.message).toContain('export * from "envoy-as/sdk/abi/exports"');
  });

  it("rejects a module that makes HTTP callouts without exporting their callback", async () => {
    const index = `
import { RootContext, registerRootContext, dispatchHttpCall, HeaderPair, pairsOf, Context, HttpCallResponse } from "envoy-as";
export * from "envoy-as/sdk/abi/exports-http";
function done(origin: Context, response: HttpCallResponse): void {}
class Root extends RootContext {
  onVmStart(c: u32): bool { return true; }
  onTick(): void { dispatchHttpCall("c", pairsOf([":method", "GET", ":path", "/", ":authority", "a"]), new ArrayBuffer(0), [], 100, done); }
}
registerRootContext("callout", (id: u32): RootContext => new Root(id));
`.replace("onVmStart(c: u32): bool { return true; }\n", "");
    const dir = project({ callout: { index } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain("build/callout.wasm: calls proxy_http_call but does not export proxy_on_http_call_response");
    expect(error.message).toContain('export * from "envoy-as/sdk/abi/exports-root"');
  });

  it("names the missing asconfig.json and how to create it", async () => {
    const dir = project({ minimal: { index: MINIMAL } });
    rmSync(join(dir, "asconfig.json"));
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error.name).toBe("ProjectError");
    expect(error.message).toContain(`${join(dir, "asconfig.json")} is missing`);
    expect(error.message).toContain('{"targets": {"release"');
  });

  it("explains an SDK import that is not part of the package", async () => {
    const dir = project({ typo: { index: `import { Regex } from "envoy-as/lib/regexp";\n${MINIMAL}` } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain(`"envoy-as/lib/regexp" is not part of the envoy-as package`);
    expect(error.message).toContain("envoy-as/lib/regex");
  });

  it("refuses an unknown filter name, listing the known ones", async () => {
    const dir = project({ minimal: { index: MINIMAL } });
    const error = await buildAll({ projectRoot: dir, only: ["nope"], log: () => {} }).catch((e) => e);
    expect(error.name).toBe("UnknownFilterError");
    expect(error.message).toMatch(/^no filter "nope": known filters are minimal/);
    expect(error.message).toContain("npx envoy-as init nope");
  });

  it("rejects a sample configuration that breaks the filter's schema, naming the field", async () => {
    const schema = JSON.stringify({ type: "object", additionalProperties: false, properties: { rules: { type: "array", items: { type: "object", properties: { limit: { type: "integer", minimum: 1 } } } } } });
    const dir = project({ cfg: { index: MINIMAL, schema, config: JSON.stringify({ rules: [{ limit: 5 }, { limit: 0 }], extra: true }) } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain("assembly/filters/cfg/config.json is invalid");
    expect(error.message).toContain("rules[1].limit: must be >= 1");
    expect(error.message).toContain("extra: unknown field");
  });
});

describe("build: the configuration contract's other half", () => {
  // A check JSON Schema cannot state (here: a value the filter parses), made only by onConfigure.
  const PICKY = `
import { Configuration, RootContext, log, registerRootContext } from "envoy-as";
export * from "envoy-as/sdk/abi/exports";
class Picky extends RootContext {
  onConfigure(configuration: Configuration): bool {
    if (configuration.toString().includes("(")) { log.error("picky: pattern: unbalanced '('"); return false; }
    return true;
  }
}
registerRootContext("picky", (id: u32): RootContext => new Picky(id));
`;
  const schema = JSON.stringify({ type: "object", properties: { pattern: { type: "string" } } });

  it("refuses a sample config.json the schema accepts but the filter's onConfigure refuses", async () => {
    const dir = project({ picky: { index: PICKY, schema, config: JSON.stringify({ pattern: "a(b" }) } });
    const error = await buildAll({ projectRoot: dir, log: () => {} }).catch((e) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error.message).toContain("assembly/filters/picky/config.json is invalid for picky (the filter's onConfigure refused it");
    expect(error.message).toContain("picky: pattern: unbalanced '('");
  });

  it("accepts it once onConfigure does, and does not run it again for the same module and file", async () => {
    const dir = project({ picky: { index: PICKY, schema, config: JSON.stringify({ pattern: "ab" }) } });
    await buildAll({ projectRoot: dir, log: () => {} });
    const cache = JSON.parse(readFileSync(join(dir, "build/.cache.json"), "utf8"));
    expect(Object.keys(cache).filter((k) => k.endsWith("config.json#onConfigure"))).toHaveLength(1);
  });
});

describe("module inspection", () => {
  async function compile(source: string, extra: string[] = []): Promise<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-inspect-"));
    temps.push(dir);
    writeFileSync(join(dir, "m.ts"), source);
    const stderr = asc.createMemoryStream();
    // --baseDir: asc would otherwise pick up the project's asconfig.json, which routes abort away.
    const { error } = await asc.main(["m.ts", "--baseDir", dir, "--outFile", "m.wasm", "--runtime", "stub", ...extra], { stderr });
    if (error) throw new Error(stderr.toString());
    return readFileSync(join(dir, "m.wasm"));
  }

  it("rejects env.abort (AssemblyScript's default) with the fix", async () => {
    const bytes = await compile(`export function proxy_abi_version_0_2_1(): void {}\nexport function malloc(n: usize): usize { assert(n > 0, "zero"); return heap.alloc(n); }\n`);
    const report = inspectModule(bytes, "build/bad.wasm");
    expect(report.problems).toEqual([
      'build/bad.wasm: imports env.abort, which Envoy does not provide: build with `envoy-as build` (it routes abort to the SDK\'s proxy_log handler) and import the SDK by its package name, "envoy-as"',
    ]);
  });

  it("rejects Date.now and names the SDK replacement", async () => {
    const bytes = await compile(`export function proxy_abi_version_0_2_1(): void {}\nexport function malloc(n: usize): usize { return <usize>Date.now(); }\n`, ["--use", "abort="]);
    const report = inspectModule(bytes, "m.wasm");
    expect(report.problems.join("\n")).toContain("imports env.Date.now, which Envoy does not provide: Envoy has no Date.now: use currentTimeNanos()");
  });

  it("accepts the shipped hello-world and reports its ABI", () => {
    const report = inspectModule(readFileSync(join(ROOT, "build/hello-world.wasm")), "build/hello-world.wasm");
    expect(report.problems).toEqual([]);
    expect(report.abi).toBe("0.2.1");
    expect(report.imports.filter((i) => !i.startsWith("env.proxy_"))).toEqual([]);
  });
});
