// The dev-loop compiler: one filter, one target, in this process (asc stays loaded and JIT-warm
// between compiles), output kept in memory. Compared with `envoy-as build` it skips the debug
// target and compiles the release target without Binaryen's optimizer by default (optimizeLevel 0,
// no `converge`; asconfig.json's release settings otherwise): optimization is ~80% of a compile, and
// -O0 takes header-rewrite from ~1.2 s (-O1) to ~0.3 s. The module is bigger, not different: the
// build's import checks run on it all the same. It also records every project file asc read, so a later change to a shared file
// (assembly/sdk/**, assembly/lib/**) rebuilds only the filters that actually import it.
import asc from "assemblyscript/asc";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { FilterSource } from "../build/filters.ts";

/** The optimization settings of dev builds. */
export interface DevOptimize {
  /** asc --optimizeLevel, 0-3. Default 0. */
  optimizeLevel?: number;
  /** asc --shrinkLevel, 0-2. Default 0. */
  shrinkLevel?: number;
}

export interface DevCompileResult {
  ok: boolean;
  /** The module, when ok. */
  binary?: Uint8Array;
  /** asc's diagnostics (errors and warnings) as it prints them. */
  diagnostics: string;
  /** Absolute paths of the project files the compile read (entry, SDK, lib, ...). */
  deps: string[];
  /** Hash of the inputs: every file read (path + content), asconfig.json, asc version, settings. */
  inputHash: string;
  millis: number;
  /** asc's own split of the time, in ms. */
  phases: { parse: number; compile: number; optimize: number; emit: number };
}

/** The name under which the generated dev configuration is served to asc (never written to disk). */
const DEV_CONFIG = "asconfig.envoy-as-dev.json";
const DEV_TARGET = "dev";

/** asconfig.json with one more target: release's settings at the dev optimization level, no converge. */
export function devConfigText(projectRoot: string, o: DevOptimize = {}): string {
  const base = JSON.parse(readFileSync(join(projectRoot, "asconfig.json"), "utf8")) as {
    targets?: Record<string, Record<string, unknown>>;
  };
  const release = base.targets?.release ?? {};
  const dev = { ...release, optimizeLevel: o.optimizeLevel ?? 0, shrinkLevel: o.shrinkLevel ?? 0, converge: false, debug: false };
  return JSON.stringify({ ...base, targets: { ...base.targets, [DEV_TARGET]: dev } });
}

/** Hash of the files a previous compile read, as they are now (undefined if one is gone). */
export function hashInputs(deps: string[], configText: string): string | undefined {
  const hash = createHash("sha256").update(asc.version).update(configText);
  for (const file of [...deps].sort()) {
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch {
      return undefined;
    }
    hash.update(file).update("\0").update(text).update("\0");
  }
  return hash.digest("hex");
}

/** Compiles `filter` with the dev settings; never writes files. */
export async function compileDev(projectRoot: string, filter: FilterSource, o: DevOptimize = {}): Promise<DevCompileResult> {
  const started = performance.now();
  const root = resolve(projectRoot);
  const configText = devConfigText(root, o);
  const reads = new Map<string, string>();
  let binary: Uint8Array | undefined;
  const stdout = asc.createMemoryStream();
  const stderr = asc.createMemoryStream();
  const { error, stats } = await asc.main(
    [relative(root, filter.entry), "--config", DEV_CONFIG, "--target", DEV_TARGET, "--outFile", "dev.wasm", "--baseDir", root],
    {
      stdout,
      stderr,
      readFile: async (name, baseDir) => {
        const path = resolve(baseDir, name);
        if (path === join(root, DEV_CONFIG)) return configText;
        try {
          const text = await readFile(path, "utf8");
          reads.set(path, text);
          return text;
        } catch {
          return null;
        }
      },
      writeFile: (name, contents) => {
        if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      },
    },
  );
  const diagnostics = stderr.toString().trim();
  const deps = [...reads.keys()].sort();
  const hash = createHash("sha256").update(asc.version).update(configText);
  for (const file of deps) hash.update(file).update("\0").update(reads.get(file)!).update("\0");
  const ms = (ns: number) => Math.round(ns / 1e6);
  return {
    ok: !error && binary !== undefined,
    binary: error ? undefined : binary,
    diagnostics: error && !diagnostics ? String(error) : diagnostics,
    deps,
    inputHash: hash.digest("hex"),
    millis: performance.now() - started,
    phases: { parse: ms(stats.parseTime), compile: ms(stats.compileTime), optimize: ms(stats.optimizeTime), emit: ms(stats.emitTime) },
  };
}
