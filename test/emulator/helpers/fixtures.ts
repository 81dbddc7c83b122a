/**
 * Compiles the raw AssemblyScript fixture modules of test/fixtures/emulator with asc's
 * programmatic API and caches the binaries (keyed by source, flags and compiler version) so
 * parallel test files and later runs reuse them.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import asc from "assemblyscript/asc";

const ROOT = resolve(import.meta.dirname, "../../..");
const FIXTURES = join(ROOT, "test/fixtures/emulator");
const CACHE = join(ROOT, "node_modules/.cache/envoy-as-emulator-fixtures");

/** Fixture module names (files under test/fixtures/emulator without .ts). */
export type FixtureName =
  | "probe"
  | "abort-env"
  | "no-marker"
  | "no-allocator"
  | "unknown-import"
  | "log-level-020"
  | "bad-signature"
  | "memory-allocate"
  | "start-restricted"
  | "alloc-restricted";

/** Fixtures built without `--use abort=`, so they import env.abort. */
const WITH_ENV_ABORT = new Set<FixtureName>(["abort-env"]);

const memo = new Map<FixtureName, Promise<Uint8Array>>();

/** Returns the compiled bytes of a fixture (compiling it on first use). */
export function fixture(name: FixtureName): Promise<Uint8Array> {
  let promise = memo.get(name);
  if (!promise) memo.set(name, (promise = build(name)));
  return promise;
}

async function build(name: FixtureName): Promise<Uint8Array> {
  const entry = join(FIXTURES, `${name}.ts`);
  const args = [
    entry,
    "--config", join(FIXTURES, "asconfig.json"), // keep the repo's asconfig.json (SDK abort redirection) out
    "--outFile", `${name}.wasm`,
    "--runtime", "stub",
    "--exportStart", "_initialize",
    "-O2",
    ...(WITH_ENV_ABORT.has(name) ? [] : ["--use", "abort="]),
  ];
  const source = await readFile(entry, "utf8");
  const key = createHash("sha256").update(JSON.stringify([source, args.slice(1), asc.version])).digest("hex").slice(0, 16);
  const cached = join(CACHE, `${name}-${key}.wasm`);
  try {
    return new Uint8Array(await readFile(cached));
  } catch {
    // not cached yet
  }
  let binary: Uint8Array | undefined;
  const stderr: string[] = [];
  const result = await asc.main(args, {
    stdout: { write: () => true } as never,
    stderr: { write: (s: string | Uint8Array) => (stderr.push(String(s)), true) } as never,
    writeFile: (file, contents) => {
      if (file.endsWith(".wasm") && contents instanceof Uint8Array) binary = contents;
    },
  });
  if (result.error || !binary) throw new Error(`asc failed for fixture ${name}: ${result.error?.message}\n${stderr.join("")}`);
  await mkdir(CACHE, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  await writeFile(tmp, binary);
  await rename(tmp, cached);
  return binary;
}
