// A real OCI registry for tests: Debian's `docker-registry` (distribution v2.8) on a free
// 127.0.0.1 port, with a generated config.yml and a temp storage dir, optionally behind htpasswd
// basic auth (distribution only accepts bcrypt entries).
//
// Install: apt-get install -y docker-registry apache2-utils   (htpasswd; python3's crypt is the fallback)
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REGISTRY_BIN = process.env.DOCKER_REGISTRY_BIN ?? "/usr/bin/docker-registry";

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  logs(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
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
  const port = await freePort();
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
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString("hex")}`,
  ];
  if (auth) {
    writeFileSync(join(dir, "htpasswd"), bcryptEntry(auth.username, auth.password) + "\n");
    lines.push("auth:", "  htpasswd:", "    realm: envoy-as-test", `    path: ${join(dir, "htpasswd")}`);
  }
  const config = join(dir, "config.yml");
  writeFileSync(config, lines.join("\n") + "\n");

  let log = "";
  const child: ChildProcess = spawn(REGISTRY_BIN, ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  let exited = false;
  const exitP = new Promise<void>((res) => child.on("exit", () => ((exited = true), res())));
  child.on("error", (e) => (log += `spawn error: ${e.message}\n`));

  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exitP;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited during startup:\n${log}`);
    }
    try {
      const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on http://${host}/v2/ within 15 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host, logs: () => log, stop };
}
