// The proxy-wasm Go SDK peer (bench/peers/go), built with standard Go for wasip1.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BuildCache } from "../build/cache.ts";
import { OUT_DIR, checkEnvoyLoads, sha } from "./bench-build.ts";

const run = promisify(execFile);

/** Go SDK module paths tried in order; the first that builds a loadable module wins. */
const GO_CANDIDATES: { module: string; version: string; note: string }[] = [
  { module: "github.com/proxy-wasm/proxy-wasm-go-sdk", version: "latest", note: "the SDK's current home; standard Go ≥1.24 wasip1 reactors" },
  { module: "github.com/tetratelabs/proxy-wasm-go-sdk", version: "v0.24.0", note: "its former path; latest version the module proxy serves (TinyGo era)" },
];

/**
 * The proxy-wasm Go SDK with standard Go: `GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`.
 * Built in a temporary copy of bench/peers/go (go.sum comes from the module proxy at build time).
 * Throws with every candidate's exact error when none gives a module Envoy would load.
 */
export async function buildGo(projectRoot: string, cache: BuildCache): Promise<{ wasm: string; via: string }> {
  const dir = join(projectRoot, "bench/peers/go");
  const outFile = join(projectRoot, OUT_DIR, "go-add-header.wasm");
  let goVersion: string;
  try {
    goVersion = (await run("go", ["version"])).stdout.trim();
  } catch (e) {
    throw new Error(`go toolchain not found: ${(e as Error).message}`);
  }
  const hash = sha([join(dir, "main.go"), join(dir, "go.mod")]) + goVersion;
  const viaFile = outFile + ".via";
  if (cache.freshKey(outFile, hash) && existsSync(viaFile)) return { wasm: outFile, via: readFileSync(viaFile, "utf8") };
  const errors: string[] = [];
  for (const c of GO_CANDIDATES) {
    const work = mkdtempSync(join(tmpdir(), "envoy-as-bench-go-"));
    try {
      cpSync(dir, work, { recursive: true });
      const main = readFileSync(join(work, "main.go"), "utf8").replaceAll(GO_CANDIDATES[0].module, c.module);
      writeFileSync(join(work, "main.go"), main);
      const env = { ...process.env, GOOS: "wasip1", GOARCH: "wasm", GOFLAGS: "-mod=mod" };
      const step = async (args: string[]) => {
        try {
          await run("go", args, { cwd: work, env, maxBuffer: 16 << 20, timeout: 300_000 });
        } catch (e) {
          const err = e as { stderr?: string; message: string };
          throw new Error(`go ${args.join(" ")}: ${(err.stderr || err.message).trim()}`);
        }
      };
      await step(["get", `${c.module}@${c.version}`]);
      await step(["build", "-buildmode=c-shared", "-o", join(work, "out.wasm"), "."]);
      const problems = checkEnvoyLoads(projectRoot, join(work, "out.wasm"));
      if (problems.length) {
        const exported = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(work, "out.wasm")))).map((e) => e.name);
        const missing = problems.map((p) => /no ABI version marker/.test(p) ? "no proxy_abi_version_* marker" : /no allocator/.test(p) ? "no allocator (malloc / proxy_on_memory_allocate)" : p.replace(/^[^:]*: /, ""));
        throw new Error(`go build succeeded, but Envoy would refuse the module: ${missing.join(", ")}; it exports only ${exported.join(", ")} (this SDK version declares its exports with //export, which only TinyGo honours)`);
      }
      mkdirSync(join(projectRoot, OUT_DIR), { recursive: true });
      cpSync(join(work, "out.wasm"), outFile);
      const via = `${c.module}@${c.version}, ${goVersion}`;
      writeFileSync(viaFile, via);
      cache.recordKey(outFile, hash);
      return { wasm: outFile, via };
    } catch (e) {
      errors.push(`${c.module}@${c.version} (${c.note}): ${(e as Error).message.split("\n").slice(0, 4).join(" | ")}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  throw new Error(errors.join("\n    "));
}
