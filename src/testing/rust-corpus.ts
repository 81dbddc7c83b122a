/**
 * The Rust corpus: proxy-wasm filters written with the Rust SDK (test/fixtures/rust/<name>/,
 * each a Cargo crate with its Cargo.lock), built once per machine and run by the differential
 * scenarios on the emulator and on Envoy (test/scenarios/rust.ts).
 *
 * The toolchain is Debian's: packages rustc, cargo and libstd-rust-dev-wasm32 (rustc 1.63,
 * target wasm32-wasi). /usr/bin/cargo and /usr/bin/rustc are used by absolute path, whatever
 * rustup puts first on PATH (its toolchains here have no wasm target). That cargo (0.66) reads
 * crates.io through the sparse index only with `-Z sparse-registry` (RUSTC_BOOTSTRAP=1).
 *
 * Each module is cached in `~/.cache/envoy-as/rust-corpus/<name>-<hash>.wasm` (ENVOY_AS_CACHE
 * overrides), keyed by the crate's sources, Cargo.toml, Cargo.lock and the rustc version, and
 * copied to build/test/rust/<name>.wasm.
 *
 *   npx tsx src/testing/rust-corpus.ts build    # build (or find) every module; fails without the toolchain
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Where the crates live. */
export const CORPUS_DIR = join(ROOT, "test/fixtures/rust");
/** Where the built modules are copied for the tests (paths under build/ as scenarios name them). */
export const OUT_DIR = join(ROOT, "build/test/rust");
/** Machine-wide cache, outside any clone. */
export const CACHE_DIR = join(process.env.ENVOY_AS_CACHE ?? join(homedir(), ".cache", "envoy-as"), "rust-corpus");
const CARGO = "/usr/bin/cargo";
const RUSTC = "/usr/bin/rustc";
const WASI_STD = "/usr/lib/rustlib/wasm32-wasi";
const DEBIAN_PACKAGES = "rustc cargo libstd-rust-dev-wasm32";

/** The crate names of the corpus. */
export function corpusCrates(): string[] {
  return readdirSync(CORPUS_DIR).filter((d) => existsSync(join(CORPUS_DIR, d, "Cargo.toml"))).sort();
}

/** Why the corpus cannot be built here, or undefined when it can. */
export async function toolchainProblem(): Promise<string | undefined> {
  for (const tool of [CARGO, RUSTC]) {
    if (!existsSync(tool)) return `${tool} is missing: apt-get install ${DEBIAN_PACKAGES}`;
  }
  if (!existsSync(WASI_STD)) return `${WASI_STD} is missing (no wasm32-wasi standard library): apt-get install libstd-rust-dev-wasm32`;
  return undefined;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The cache key of a crate: its Cargo.toml, Cargo.lock and sources, and the compiler version. */
function crateHash(crate: string, rustcVersion: string): string {
  const dir = join(CORPUS_DIR, crate);
  const hash = createHash("sha256").update(rustcVersion);
  for (const file of ["Cargo.toml", "Cargo.lock", ...files(join(dir, "src")).map((f) => relative(dir, f)).sort()]) {
    hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Builds (or finds in the cache) one crate; returns the module's path under build/ and the build time (0 if cached). */
export async function buildCrate(crate: string, rustcVersion: string, log: (line: string) => void = () => {}): Promise<{ path: string; buildMs: number }> {
  const cached = join(CACHE_DIR, `${crate}-${crateHash(crate, rustcVersion)}.wasm`);
  const out = join(OUT_DIR, `${crate}.wasm`);
  mkdirSync(OUT_DIR, { recursive: true });
  if (existsSync(cached)) {
    copyFileSync(cached, out);
    return { path: out, buildMs: 0 };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const started = Date.now();
  const target = join(CACHE_DIR, "target");
  log(`building ${crate} with ${CARGO} (${rustcVersion})`);
  try {
    await run(CARGO, ["-Z", "sparse-registry", "build", "--release", "--locked", "--target", "wasm32-wasi"], {
      cwd: join(CORPUS_DIR, crate),
      env: {
        ...process.env,
        PATH: `/usr/bin:${process.env.PATH ?? ""}`,
        RUSTC,
        RUSTC_BOOTSTRAP: "1",
        CARGO_REGISTRIES_CRATES_IO_PROTOCOL: "sparse",
        CARGO_TARGET_DIR: target,
        RUSTUP_TOOLCHAIN: "",
      },
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`cargo build of ${crate} failed: ${e.stderr || e.message}`);
  }
  const built = join(target, "wasm32-wasi/release", `${crate.replace(/-/g, "_")}.wasm`);
  if (!existsSync(built)) throw new Error(`cargo build of ${crate} succeeded but ${built} is missing`);
  const tmp = `${cached}.${process.pid}.tmp`;
  copyFileSync(built, tmp);
  renameSync(tmp, cached);
  copyFileSync(cached, out);
  const buildMs = Date.now() - started;
  log(`built ${crate} in ${(buildMs / 1000).toFixed(1)} s`);
  return { path: out, buildMs };
}

/** Builds every crate of the corpus; throws (naming the packages to install) without the toolchain. */
export async function buildCorpus(log: (line: string) => void = () => {}): Promise<string[]> {
  const problem = await toolchainProblem();
  if (problem) throw new Error(`cannot build the Rust corpus: ${problem}`);
  const { stdout } = await run(RUSTC, ["--version"]);
  const paths: string[] = [];
  for (const crate of corpusCrates()) paths.push((await buildCrate(crate, stdout.trim(), log)).path);
  return paths;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] !== "build") {
    console.error("usage: npx tsx src/testing/rust-corpus.ts build");
    process.exit(2);
  }
  buildCorpus((line) => console.log(line)).then(
    (paths) => console.log(paths.map((p) => relative(ROOT, p)).join("\n")),
    (err) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
