// Start a real Envoy process for tests, `npm start` and benchmarks.
//
// Ports: by default Envoy binds port 0 for both admin and listener. The admin address is read from the
// file given by --admin-address-path and the listener port from admin /listeners, so there is no
// window in which another process can take a port we picked. --disable-hot-restart means no shared
// memory, so any number of Envoys can run side by side.
//
// Lifetime: startEnvoy resolves once admin /ready says LIVE; it rejects (with Envoy's last log lines)
// if Envoy exits or does not get ready in time. stop() sends SIGTERM, then SIGKILL after a grace
// period, and resolves when the process is gone. Envoy is also killed when this Node process exits,
// even abruptly (src/util/process.ts: killOnExit).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnCaptured, tail } from "../util/process.ts";
import { waitFor } from "../util/wait.ts";
import { adminGet, adminStat, isLive, parseStats, readAdminAddress, readListeners, type BoundListeners } from "./admin.ts";
import { toYaml } from "./config.ts";
import { ensureEnvoy } from "./install.ts";
import { buildFromPieces, envoyArgs, type StartEnvoyOptions } from "./launch-options.ts";

export type { StartEnvoyOptions } from "./launch-options.ts";
export { parseStats } from "./admin.ts";
export { tail } from "../util/process.ts";
export { assertPortFree } from "../util/ports.ts";

export interface RunningEnvoy {
  listenerUrl: string;
  adminUrl: string;
  listenerPort: number;
  /** The bound port of every listener by name ("main", TCP proxy listeners, …). */
  listenerPorts: Map<string, number>;
  adminPort: number;
  pid: number;
  /** Directory holding the bootstrap and admin address file. Removed by stop(). */
  workDir: string;
  bootstrapPath: string;
  /** All counters and gauges (histograms are left out). */
  stats(): Promise<Map<string, number>>;
  /** One counter or gauge; undefined if Envoy has no such stat. */
  stat(name: string): Promise<number | undefined>;
  /** GET /config_dump as JSON. */
  configDump(): Promise<unknown>;
  /** Envoy's log (stderr) so far. */
  logs(): string;
  /** Resolve with the first match of `re` in the log (past or future); reject after timeoutMs. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Whether the process is still running. */
  running(): boolean;
  /** Resolves when Envoy exits (for whatever reason), with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when Envoy has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Envoy exited or did not get ready; `logs` is all it printed. */
export class EnvoyStartError extends Error {
  constructor(
    message: string,
    readonly logs: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = "EnvoyStartError";
  }
}

/** Starts Envoy and resolves once admin /ready is LIVE, with the ports it bound read back. */
export async function startEnvoy(o: StartEnvoyOptions): Promise<RunningEnvoy> {
  const bin = o.envoyBin ?? (await ensureEnvoy());
  const workDir = mkdtempSync(join(tmpdir(), "envoy-as-"));
  let bootstrapPath: string;
  if (o.bootstrapPath) {
    bootstrapPath = resolve(o.bootstrapPath);
  } else {
    bootstrapPath = join(workDir, "bootstrap.yaml");
    writeFileSync(bootstrapPath, toYaml(o.bootstrap ?? buildFromPieces(o)));
  }
  const adminAddressPath = join(workDir, "admin-address");
  const args = envoyArgs(bootstrapPath, adminAddressPath, o);

  const envoy = spawnCaptured(bin, args, {
    cwd: o.cwd ?? process.cwd(),
    killOnExit: true,
    name: "Envoy",
    onOutput: (s) => {
      if (o.echoLogs) process.stderr.write(s);
      o.onLog?.(s);
    },
  });
  let spawnErr: Error | undefined;
  void envoy.spawnError.then((e) => (spawnErr = e));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = envoy.exited.then(({ code, signal }) => (exit = { code, signal }));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= envoy.stop({ graceMs: o.stopGraceMs ?? 5000 }).then(() => rmSync(workDir, { recursive: true, force: true }));
    return stopping;
  };

  const fail = async (why: string): Promise<never> => {
    await stop();
    const status = exit ? ` (exit code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ""})` : "";
    const log = envoy.output();
    throw new EnvoyStartError(`Envoy did not start: ${why}${status}.\n  command: ${bin} ${args.join(" ")}\n--- last Envoy log lines ---\n${tail(log)}`, log, exit?.code ?? null);
  };

  const timeoutMs = o.startTimeoutMs ?? 60_000;
  const deadline = performance.now() + timeoutMs;
  const abortIf = () => (spawnErr ? `cannot run ${bin}: ${spawnErr.message}` : envoy.running() ? undefined : "Envoy exited during startup");
  let admin: { adminUrl: string; adminPort: number };
  let bound: BoundListeners;
  try {
    // 1. Admin address, written by Envoy once admin listens; 2. /ready = LIVE; 3. listener ports.
    admin = await waitFor(() => readAdminAddress(adminAddressPath), { timeoutMs, intervalMs: 25, what: "Envoy's admin address", abortIf });
    await waitFor(() => isLive(admin.adminUrl), { timeoutMs: Math.max(0, deadline - performance.now()), what: `admin ${admin.adminUrl}/ready = LIVE`, abortIf });
    bound = await readListeners(admin.adminUrl);
  } catch (err) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    return fail(abortIf() ?? (err as Error).message);
  }
  const { adminUrl, adminPort } = admin;

  return {
    ...bound,
    adminUrl,
    adminPort,
    pid: envoy.pid!,
    workDir,
    bootstrapPath,
    stats: async () => parseStats(await (await adminGet(adminUrl, "/stats")).text()),
    stat: (name) => adminStat(adminUrl, name),
    configDump: async () => (await adminGet(adminUrl, "/config_dump")).json(),
    logs: () => envoy.output(),
    waitForLog: (re, timeoutMs = 10_000) => envoy.waitForOutput(re, timeoutMs),
    running: () => envoy.running(),
    exited: exited.then(() => exit!),
    stop,
  };
}
