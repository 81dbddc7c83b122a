// The solo-io proxy-runtime peer (bench/peers/solo, AssemblyScript 0.17), built with its own asc.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BuildCache } from "../build/cache.ts";
import { OUT_DIR, sha } from "./bench-build.ts";

const run = promisify(execFile);

/**
 * solo-io proxy-runtime 0.1.8: `npm ci --prefix bench/peers/solo` on first use, then asc 0.17
 * with the flags its README gives for the optimized build (`--use abort=abort_proc_exit --optimize`).
 */
export async function buildSolo(projectRoot: string, cache: BuildCache, log: (s: string) => void): Promise<string> {
  const dir = join(projectRoot, "bench/peers/solo");
  const outFile = join(projectRoot, OUT_DIR, "solo-add-header.wasm");
  const hash = sha([join(dir, "package-lock.json"), join(dir, "assembly/index.ts")]);
  if (cache.freshKey(outFile, hash)) return outFile;
  const ascBin = join(dir, "node_modules/assemblyscript/bin/asc");
  if (!existsSync(ascBin)) {
    log("bench: installing the solo peer (npm ci --prefix bench/peers/solo) ...");
    await run("npm", ["ci", "--prefix", dir, "--no-audit", "--no-fund"], { cwd: projectRoot, maxBuffer: 16 << 20, timeout: 300_000 });
  }
  mkdirSync(join(projectRoot, OUT_DIR), { recursive: true });
  await run(process.execPath, [ascBin, "assembly/index.ts", "-b", outFile, "--use", "abort=abort_proc_exit", "--optimize"], {
    cwd: dir,
    maxBuffer: 16 << 20,
    timeout: 300_000,
  });
  cache.recordKey(outFile, hash);
  return outFile;
}
