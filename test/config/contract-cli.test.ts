// One contract at every door (src/config/contract.ts): `validate` and `istio --config` refuse a
// configuration the schema accepts but the filter's onConfigure refuses (here a path regex that does
// not compile, which JSON Schema cannot say), with the file and the filter's own line; the build's
// half is in test/build/build.test.ts.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/validate.ts";

const run = promisify(execFile);
const CLI = resolve("src/cli/index.ts");
const TSX = resolve("node_modules/.bin/tsx");
const dir = mkdtempSync(join(tmpdir(), "envoy-as-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(TSX, [CLI, ...args], { encoding: "utf8" });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const sample = readFileSync("assembly/filters/header-rewrite/config.json", "utf8");
const good = join(dir, "good.json");
const bad = join(dir, "bad.json");
writeFileSync(good, sample);
writeFileSync(bad, sample.replace("^/v(\\\\d+)/(.*)$", "^/v(\\\\d+/(.*)$"));
const ISTIO = ["istio", "header-rewrite", "--url", "oci://registry.example/header-rewrite:1", "--sha256", "a".repeat(64), "--stdout"];

describe("one configuration contract in validate and istio", () => {
  it("the broken regex passes the schema (so only onConfigure can catch it)", () => {
    expect(readFileSync(bad, "utf8")).not.toBe(sample);
    expect(validateConfig(JSON.parse(readFileSync(bad, "utf8")), "assembly/filters/header-rewrite/schema.json")).toEqual([]);
  });

  it("validate refuses it, naming the file and the filter's reason", async () => {
    const r = await cli("validate", "header-rewrite", bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${bad} is invalid for header-rewrite (the filter's onConfigure refused it`);
    expect(r.out).toContain("rules[2].match.path.regex: unbalanced parenthesis");
  });

  it("istio --config refuses it and writes no YAML", async () => {
    const r = await cli(...ISTIO, "--config", bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain("rules[2].match.path.regex: unbalanced parenthesis");
    expect(r.out).not.toMatch(/kind: "?WasmPlugin/);
  });

  it("istio --config takes the sample", async () => {
    const r = await cli(...ISTIO, "--config", good);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/kind: "?WasmPlugin/);
  });
});
