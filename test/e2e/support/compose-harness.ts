// ENVOY_TEST_MODE=compose: `docker-compose up -d` of the shipped docker-compose.yml, with its
// ENVOY_IMAGE/UPSTREAM_IMAGE/ENVOY_CONFIG_DIR variables pointed at local things.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminStat, adminStats, isLive } from "../../../src/envoy/admin.ts";
import { writeFileAtomic } from "../../../src/envoy/config.ts";
import { PACKAGE_ROOT } from "../../../src/paths.ts";
import { writeEchoBundle } from "../../../src/upstream/bundle.ts";
import { runCaptured, tail } from "../../../src/util/process.ts";
import { waitFor } from "../../../src/util/wait.ts";
import {
  BUILD_DIR, C_ADMIN, C_LISTENER, ENVOY_IMAGE, UPSTREAM_IMAGE,
  containerBootstrap, localOnly, pollLog, waitForUpstreamHost, type ComposeHarness, type FilterUnderTest, type TargetOptions,
} from "./harness.ts";

/** A harness whose targets are docker-compose projects of the shipped docker-compose.yml. */
export async function composeHarness(): Promise<ComposeHarness> {
  await writeEchoBundle(); // docker-compose.yml mounts build/upstream at /app
  let counter = 0;
  const projects = new Set<() => Promise<void>>();

  const compose = async (project: string, env: NodeJS.ProcessEnv, args: string[], timeoutMs = 120_000) => {
    const r = await runCaptured("docker-compose", ["-f", join(PACKAGE_ROOT, "docker-compose.yml"), "-p", project, ...args], { cwd: PACKAGE_ROOT, env, timeoutMs });
    if (r.code !== 0) throw new Error(`docker-compose ${args.join(" ")} failed: exit ${r.code ?? r.signal}\n${r.stderr}`);
    return r;
  };

  // filters = null: the shipped demo exactly as docker-compose.yml defines it (./envoy/demo.yaml, ./build).
  const launch = async (filters: FilterUnderTest[] | null) => {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-compose-"));
    if (filters) writeFileAtomic(join(dir, "bootstrap.yaml"), containerBootstrap(filters));
    const project = `envoyas-e2e-${process.pid}-${++counter}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ENVOY_IMAGE,
      UPSTREAM_IMAGE,
      ...(filters ? { BUILD_DIR, ENVOY_CONFIG_DIR: dir, ENVOY_CONFIG: "bootstrap.yaml" } : {}),
      // Empty = let the engine pick a free loopback port; read back with `docker-compose port`.
      ENVOY_PORT: "",
      ENVOY_ADMIN_PORT: "",
      ENVOY_CONCURRENCY: "1",
    };
    const logs = async () => {
      const { stdout } = await compose(project, env, ["logs", "--no-color", "envoy"]);
      return stdout.replace(/^[^|\n]*\| ?/gm, "");
    };
    const down = async () => {
      projects.delete(down);
      await compose(project, env, ["down", "--timeout", "5"]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    };
    projects.add(down);
    await compose(project, env, ["up", "-d"]);

    const envoyRunning = async () => {
      const { stdout } = await compose(project, env, ["ps", "--services", "--filter", "status=running"]);
      return stdout.split("\n").includes("envoy");
    };
    const port = async (p: number) => {
      const { stdout } = await compose(project, env, ["port", "envoy", String(p)]);
      const m = /:(\d+)\s*$/.exec(stdout.trim());
      if (!m) throw new Error(`docker-compose port envoy ${p}: ${stdout}`);
      return `http://127.0.0.1:${m[1]}`;
    };

    let adminUrl: string | undefined;
    let exited = false;
    try {
      await waitFor(
        async () => {
          if (!(await envoyRunning())) return (exited = true);
          adminUrl ??= await port(C_ADMIN);
          return isLive(adminUrl);
        },
        { timeoutMs: 60_000, intervalMs: 200, what: `Envoy (compose project ${project}) to be ready` },
      );
    } catch (err) {
      const text = await logs();
      await down();
      throw new Error(`${(err as Error).message}\n--- log ---\n${tail(text)}`);
    }
    if (exited) return { ok: false as const, logs: await logs(), down };
    await waitForUpstreamHost(adminUrl!);
    return { ok: true as const, url: await port(C_LISTENER), adminUrl: adminUrl!, logs, down };
  };

  const harness: ComposeHarness = {
    mode: "compose",
    startShippedDemo: () => harness.start(null),
    async start(filters: FilterUnderTest[] | null, options?: TargetOptions) {
      localOnly(options);
      const r = await launch(filters);
      if (!r.ok) {
        await r.down();
        throw new Error(`Envoy (compose) exited during startup\n--- log ---\n${tail(r.logs)}`);
      }
      return {
        mode: "compose",
        url: r.url,
        adminUrl: r.adminUrl,
        stats: () => adminStats(r.adminUrl),
        stat: (n) => adminStat(r.adminUrl, n),
        logs: r.logs,
        waitForLog: (re, ms = 10_000) => pollLog(r.logs, re, ms),
        stop: r.down,
      };
    },
    async startExpectingFailure(filters) {
      const r = await launch(filters);
      await r.down();
      if (r.ok) throw new Error("Envoy (compose) started, but it was expected to refuse the configuration");
      return r.logs;
    },
    async close() {
      await Promise.all([...projects].map((d) => d()));
    },
  };
  return harness;
}
