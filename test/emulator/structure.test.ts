// The emulator's structure: its class names are not the guest SDK's (a reader of both sides
// sees which side a name belongs to; src/emulator/README.md maps them), no file over 300 lines,
// no run-time import circle, and its type-level import circle no larger than it is now.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { importCircles, importGraph } from "../../scripts/import-cycles.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const EMULATOR = join(ROOT, "src/emulator");

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (entry.endsWith(".ts")) yield path;
  }
}

/** Every name the guest SDK exports (assembly/sdk/index.ts). */
function sdkPublicNames(): Set<string> {
  const index = readFileSync(join(ROOT, "assembly/sdk/index.ts"), "utf8");
  const names = new Set<string>();
  for (const m of index.matchAll(/export\s*\{([^}]*)\}\s*from/g)) {
    for (const n of m[1].split(",")) if (n.trim()) names.add(n.trim().split(/\s+as\s+/).pop()!);
  }
  return names;
}

describe("emulator structure", () => {
  it("names none of its classes, interfaces or types like a public name of the SDK", () => {
    const sdk = sdkPublicNames();
    expect(sdk.has("HttpContext") && sdk.has("HttpCall") && sdk.has("RootContext") && sdk.has("Metric")).toBe(true);
    const clashes: string[] = [];
    for (const file of tsFiles(EMULATOR)) {
      for (const m of readFileSync(file, "utf8").matchAll(/^\s*(?:export\s+)?(?:abstract\s+)?(class|interface|type)\s+(\w+)/gm)) {
        if (sdk.has(m[2])) clashes.push(`${relative(ROOT, file)}: ${m[1]} ${m[2]}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("keeps every file at 300 lines or fewer", () => {
    const long = [...tsFiles(EMULATOR)]
      .map((f) => [relative(ROOT, f), readFileSync(f, "utf8").split("\n").length - 1] as const)
      .filter(([, lines]) => lines > 300);
    expect(long).toEqual([]);
  });

  it("has no run-time import circle, and no more than 16 files in type-level circles", () => {
    expect(importCircles(importGraph(EMULATOR, { runtimeOnly: true }))).toEqual([]);
    const circles: string[][] = importCircles(importGraph(EMULATOR));
    expect(circles.reduce((n, c) => n + c.length, 0)).toBeLessThanOrEqual(16);
  });
});
