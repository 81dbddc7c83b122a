// A real OCI registry for tests: Debian's `docker-registry` (distribution v2.8) on 127.0.0.1 port 0
// (it logs the port it bound: "listening on 127.0.0.1:N"), with a generated config.yml and a temp storage dir, optionally behind htpasswd
// basic auth (distribution only accepts bcrypt entries).
//
// Install: apt-get install -y docker-registry apache2-utils   (htpasswd; python3's crypt is the fallback)
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnCaptured } from "../../../src/util/process.ts";

export const REGISTRY_BIN = process.env.DOCKER_REGISTRY_BIN ?? "/usr/bin/docker-registry";

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  logs(): string;
  stop(): Promise<void>;
}

/** A bcrypt htpasswd line `user:$2…`: `htpasswd -nbB` if present, else python3's crypt(3) (libxcrypt has bcrypt). */
export function bcryptEntry(username: string, password: string): string {
  try {
    return execFileSync("htpasswd", ["-nbB", "-C", "10", username, password], { encoding: "utf8" }).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const hash = execFileSync(
    "python3",
    ["-W", "ignore", "-c", "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))", password],
    { encoding: "utf8" },
  ).trim();
  if (!hash.startsWith("$2")) throw new Error(`no bcrypt available (install apache2-utils for htpasswd); got ${hash}`);
  return `${username}:${hash}`;
}

/** Start a registry; `auth` turns on htpasswd basic auth with that single user. */
export async function startRegistry(auth?: { username: string; password: string }): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BIN)) {
    throw new Error(`${REGISTRY_BIN} not found: install Debian's registry with \`apt-get install -y docker-registry\` (or set DOCKER_REGISTRY_BIN)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "envoy-as-registry-"));
  const lines = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(dir, "data")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    "  addr: 127.0.0.1:0",
    `  secret: ${randomBytes(16).toString("hex")}`,
  ];
  if (auth) {
    writeFileSync(join(dir, "htpasswd"), bcryptEntry(auth.username, auth.password) + "\n");
    lines.push("auth:", "  htpasswd:", "    realm: envoy-as-test", `    path: ${join(dir, "htpasswd")}`);
  }
  const config = join(dir, "config.yml");
  writeFileSync(config, lines.join("\n") + "\n");

  const registry = spawnCaptured(REGISTRY_BIN, ["serve", config], { name: "docker-registry" });
  const stop = async () => {
    await registry.stop({ graceMs: 3000 });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const host = (await registry.waitForOutput(/listening on (127\.0\.0\.1:\d+)/, 15_000))[1]!;
    await registry.waitUntil(
      async () => {
        const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        return res.status === 200 || res.status === 401;
      },
      { timeoutMs: 15_000, what: `docker-registry to answer on http://${host}/v2/`, intervalMs: 100 },
    );
    return { host, logs: registry.output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
