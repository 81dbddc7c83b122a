// The Rust SDK peer: bench/peers/rust, the add-header filter written with the proxy-wasm crate,
// built for wasm32-wasi with Debian's toolchain (packages rustc, cargo, libstd-rust-dev-wasm32
// and lld-14, which provides the rust-lld linker). The toolchains rustup installs here have no
// wasm32 standard library, so /usr/bin/cargo and /usr/bin/rustc are used by path.
//
// Debian's rustc is 1.63: proxy-wasm 0.2.2 is the newest release whose rust-version it meets
// (0.2.3 and 0.2.4 want 1.65 and hashbrown 0.15 / 0.16, which do not compile on 1.63), and
// Cargo.lock pins its dependencies (hashbrown 0.14.5, and log, once_cell, syn, ... at their
// newest releases for 1.63). Cargo 0.66 (Rust 1.65) reads crates.io's git index by default,
// which this network does not reach; its sparse index is a `-Z sparse-registry` option there,
// enabled for that one cargo process with RUSTC_BOOTSTRAP=1.
//
// Built once per machine: the module is cached in <user cache>/bench-rust/<hash>/ (hash of the
// crate's files and both tool versions), with its own CARGO_HOME and target folder beside it.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { userCacheDir } from "../paths.ts";

const run = promisify(execFile);

const CARGO = "/usr/bin/cargo";
const RUSTC = "/usr/bin/rustc";
const TARGET = "wasm32-wasi";
/** The Debian packages the peer needs, for the error line and .ci/run. */
export const RUST_PACKAGES = "rustc cargo libstd-rust-dev-wasm32 lld-14";
/** Crate files whose content decides the build. */
const SOURCES = ["Cargo.toml", "Cargo.lock", "src/lib.rs"];

async function version(bin: string): Promise<string> {
  try {
    return (await run(bin, ["--version"])).stdout.trim();
  } catch (e) {
    throw new Error(`${bin} not found (${(e as Error).message.split("\n")[0]}): apt-get install ${RUST_PACKAGES}`);
  }
}

/**
 * Builds bench/peers/rust for wasm32-wasi (or finds it cached) and copies it to
 * `<outDir>/rust-add-header.wasm`. Returns that path and what built it ("proxy-wasm 0.2.2, rustc
 * 1.63.0"). Throws one line naming the missing package or cargo's own error.
 */
export async function buildRust(projectRoot: string, outDir: string, log: (s: string) => void): Promise<{ wasm: string; via: string }> {
  const dir = join(projectRoot, "bench/peers/rust");
  const rustc = await version(RUSTC);
  const cargo = await version(CARGO);
  const libdir = (await run(RUSTC, ["--print", "target-libdir", "--target", TARGET])).stdout.trim();
  if (!existsSync(libdir)) throw new Error(`${RUSTC} has no ${TARGET} standard library (${libdir} is missing): apt-get install libstd-rust-dev-wasm32`);
  if (!existsSync("/usr/bin/rust-lld")) throw new Error(`no rust-lld linker for ${TARGET} (/usr/bin/rust-lld is missing): apt-get install lld-14`);

  const hash = createHash("sha256").update(rustc).update("\0").update(cargo).update("\0");
  for (const f of SOURCES) hash.update(f).update("\0").update(readFileSync(join(dir, f))).update("\0");
  const key = hash.digest("hex").slice(0, 16);
  const home = join(userCacheDir(), "bench-rust");
  const cached = join(home, key, "add-header.wasm");
  const sdk = /name = "proxy-wasm"\nversion = "([^"]+)"/.exec(readFileSync(join(dir, "Cargo.lock"), "utf8"))?.[1] ?? "?";
  const via = `proxy-wasm ${sdk}, ${rustc.split(" ").slice(0, 2).join(" ")}, ${TARGET}`;

  if (!existsSync(cached)) {
    log(`bench: building the Rust SDK peer (cargo build --release --target ${TARGET}, once per machine) ...`);
    const targetDir = join(home, "target");
    const env: NodeJS.ProcessEnv = { ...process.env, CARGO_HOME: join(home, "cargo-home"), CARGO_TARGET_DIR: targetDir, RUSTC, RUSTC_BOOTSTRAP: "1" };
    delete env.RUSTFLAGS;
    delete env.CARGO_BUILD_TARGET;
    try {
      await run(CARGO, ["-Z", "sparse-registry", "build", "--release", "--locked", "--target", TARGET, "--manifest-path", join(dir, "Cargo.toml")], {
        cwd: dir,
        env,
        maxBuffer: 16 << 20,
        timeout: 600_000,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      const said = (err.stderr || err.message).split("\n").filter((l) => /^error/.test(l)).slice(0, 3).join(" | ");
      throw new Error(`cargo build of bench/peers/rust failed: ${said || (err.stderr || err.message).trim().split("\n").slice(-3).join(" | ")}`);
    }
    mkdirSync(join(home, key), { recursive: true });
    copyFileSync(join(targetDir, TARGET, "release", "envoy_as_bench_peer_rust.wasm"), cached + ".tmp");
    renameSync(cached + ".tmp", cached);
  }
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, "rust-add-header.wasm");
  copyFileSync(cached, outFile);
  return { wasm: outFile, via };
}
