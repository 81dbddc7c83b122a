// The guest SDK's structure: no import circle among its modules (scripts/import-cycles.mjs),
// host functions called only through hostcalls/, and no filter that re-enters itself through
// a function-pointer global instead of the SDK's context and callout classes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SCRIPT = join(ROOT, "scripts/import-cycles.mjs");

/** Runs scripts/import-cycles.mjs on `folder`: its exit code and what it printed. */
function importCycles(folder: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [SCRIPT, folder], { cwd: ROOT, encoding: "utf8" }) };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, out: err.stdout + err.stderr };
  }
}

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (entry.endsWith(".ts")) yield path;
  }
}

describe("import-cycles script", () => {
  it("finds a circle, prints it and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "import-cycles-"));
    try {
      writeFileSync(join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = 1;\n');
      writeFileSync(join(dir, "b.ts"), 'import type { a } from "./a.ts";\nexport const b = 2;\n');
      writeFileSync(join(dir, "c.ts"), 'import { a } from "./a";\n// import { c } from "./c";\n');
      const { code, out } = importCycles(dir);
      expect(code).toBe(1);
      expect(out).toContain("import circle of 2 file(s)");
      expect(out).toMatch(/a\.ts -> .*b\.ts -> .*a\.ts/);
      expect(out).toContain("1 import circle(s), 2 of 3 file(s) in them");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds none in assembly/sdk", () => {
    const { code, out } = importCycles("assembly/sdk");
    expect(out).toMatch(/^assembly\/sdk: 0 import circle\(s\), 0 of \d+ file\(s\) in them$/m);
    expect(code).toBe(0);
  });
});

describe("SDK layering", () => {
  it("calls host functions (abi/imports) only from hostcalls/ and runtime/", () => {
    const sdk = join(ROOT, "assembly/sdk");
    const direct = [...tsFiles(sdk)]
      .map((f) => relative(sdk, f))
      .filter((f) => !/^(hostcalls|runtime|abi)\//.test(f))
      .filter((f) => /from "\.\/abi\/imports"/.test(readFileSync(join(sdk, f), "utf8")));
    expect(direct).toEqual([]);
  });

  it("no filter keeps a function-pointer global to call back into itself", () => {
    const filters = join(ROOT, "assembly/filters");
    const globals: string[] = [];
    for (const file of tsFiles(filters)) {
      readFileSync(file, "utf8").split("\n").forEach((line, i) => {
        if (/^\s*(export\s+)?(let|var)\s+\w+\s*:\s*\(/.test(line)) globals.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(globals).toEqual([]);
  });
});
