// ENVOY_TEST_MODE=testcontainers: a GenericContainer of ENVOY_IMAGE and the upstream image on a
// private network; build/ and the bootstrap bind-mounted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminStat, adminStats } from "../../../src/envoy/admin.ts";
import { writeFileAtomic } from "../../../src/envoy/config.ts";
import { sleep } from "../../../src/util/wait.ts";
import { tail } from "../../../src/util/process.ts";
import {
  BUILD_DIR, C_ADMIN, C_LISTENER, ENVOY_IMAGE, UPSTREAM_IMAGE,
  containerBootstrap, localOnly, pollLog, waitForUpstreamHost, type FilterUnderTest, type Harness,
} from "./harness.ts";

/** A harness whose targets are Envoy containers started with testcontainers. */
export async function testcontainersHarness(): Promise<Harness> {
  const { GenericContainer, Network, Wait } = await import("testcontainers");
  const network = await new Network().start();
  const upstream = await new GenericContainer(UPSTREAM_IMAGE)
    .withNetwork(network)
    .withNetworkAliases("upstream")
    .withCommand(["node", "/app/echo.mjs", "--port", "8081", "--host", "0.0.0.0"])
    .withWaitStrategy(Wait.forLogMessage(/echo upstream listening/))
    .withStartupTimeout(30_000)
    .start();
  const cleanups = new Set<() => Promise<void>>();

  const launch = async (filters: FilterUnderTest[]) => {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-tc-"));
    writeFileAtomic(join(dir, "bootstrap.yaml"), containerBootstrap(filters));
    let log = "";
    const container = new GenericContainer(ENVOY_IMAGE)
      .withNetwork(network)
      .withEntrypoint(["/usr/local/bin/envoy"])
      .withCommand(["-c", "/envoy/bootstrap.yaml", "--disable-hot-restart", "--concurrency", "1", "--log-level", "info",
        "--file-flush-interval-msec", "250"])
      .withBindMounts([
        { source: BUILD_DIR, target: "/build", mode: "ro" },
        { source: dir, target: "/envoy", mode: "ro" },
      ])
      .withExposedPorts(C_LISTENER, C_ADMIN)
      .withLogConsumer((stream) => stream.on("data", (d: Buffer | string) => (log += d.toString())))
      // Scratch image, no shell: wait on admin /ready instead of the default port check.
      .withWaitStrategy(Wait.forHttp("/ready", C_ADMIN, { abortOnContainerExit: true }).forStatusCode(200))
      .withStartupTimeout(60_000);
    return { container, dir, getLog: () => log };
  };

  return {
    mode: "testcontainers",
    async start(filters, options) {
      localOnly(options);
      const { container, dir, getLog } = await launch(filters);
      let started;
      try {
        started = await container.start();
      } catch (err) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`Envoy container did not start: ${(err as Error).message}\n--- log ---\n${tail(getLog())}`);
      }
      const host = started.getHost();
      const url = `http://${host}:${started.getMappedPort(C_LISTENER)}`;
      const adminUrl = `http://${host}:${started.getMappedPort(C_ADMIN)}`;
      const stop = async () => {
        cleanups.delete(stop);
        await started.stop({ timeout: 5_000 });
        rmSync(dir, { recursive: true, force: true });
      };
      cleanups.add(stop);
      await waitForUpstreamHost(adminUrl);
      return {
        mode: "testcontainers",
        url,
        adminUrl,
        stats: () => adminStats(adminUrl),
        stat: (n) => adminStat(adminUrl, n),
        logs: async () => getLog(),
        waitForLog: (re, ms = 10_000) => pollLog(async () => getLog(), re, ms),
        stop,
      };
    },
    async startExpectingFailure(filters) {
      const { container, dir, getLog } = await launch(filters);
      try {
        const started = await container.start();
        await started.stop({ timeout: 5_000 });
      } catch (err) {
        // The wait strategy gives up when the container exits; its message holds the last log lines too.
        await sleep(200); // let the log stream drain
        return `${getLog()}\n${(err as Error).message}`;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      throw new Error("Envoy container started, but it was expected to refuse the configuration");
    },
    async close() {
      await Promise.all([...cleanups].map((c) => c()));
      await upstream.stop({ timeout: 5_000 });
      await network.stop();
    },
  };
}

