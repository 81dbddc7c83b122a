// The launcher itself (local Envoy binary only): ports, readiness, failures, stop, ECDS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/util/wait.ts";
import { writeEcdsFile, type WasmFilter } from "../../src/envoy/config.ts";
import { EnvoyStartError, startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { MODE, BUILD_DIR, requireWasm } from "./support/target.ts";
import { helloWorld, uniquePath, HELLO_WORLD_WASM } from "./support/filters.ts";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(MODE === "local")("launcher", () => {
  let echo: EchoServer;
  const hello = (): WasmFilter => {
    const f = helloWorld();
    return { name: f.name, wasmPath: join(BUILD_DIR, f.wasm), configuration: f.configuration };
  };

  beforeAll(async () => {
    requireWasm(HELLO_WORLD_WASM);
    echo = await startEcho();
  });
  afterAll(async () => {
    await echo?.close();
  });

  it("runs Envoys side by side on ephemeral ports and reports them", async () => {
    const start = () => startEnvoy({ filters: [hello()], upstream: { host: "127.0.0.1", port: echo.port }, concurrency: 1 });
    const [a, b] = await Promise.all([start(), start()]);
    try {
      expect(a.listenerPort).not.toBe(b.listenerPort);
      expect(a.adminPort).not.toBe(b.adminPort);
      for (const e of [a, b]) {
        expect(e.listenerUrl).toBe(`http://127.0.0.1:${e.listenerPort}`);
        const res = await fetch(e.listenerUrl + "/x");
        expect(res.headers.get("x-hello")).toBe("world");
        await res.arrayBuffer();
        expect(await e.stat("http.ingress_http.downstream_rq_2xx")).toBe(1);
        expect(await e.stat("no.such.stat")).toBeUndefined();
        const dump = (await e.configDump()) as { configs: unknown[] };
        expect(Array.isArray(dump.configs)).toBe(true);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(alive(a.pid)).toBe(false);
    expect(alive(b.pid)).toBe(false);
  });

  it("stop() is clean, awaited and idempotent", async () => {
    const e = await startEnvoy({ directResponse: { status: 204 }, filters: [], concurrency: 1 });
    const res = await fetch(e.listenerUrl + "/");
    expect(res.status).toBe(204);
    await Promise.all([e.stop(), e.stop()]);
    expect(e.running()).toBe(false);
    expect(alive(e.pid)).toBe(false);
    await e.stop();
  });

  it("fails to start with Envoy's last log lines in the error", async () => {
    const err = await startEnvoy({
      filters: [{ name: "missing", wasmPath: "/nonexistent/missing.wasm" }],
      directResponse: { status: 200 },
      concurrency: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvoyStartError);
    expect((err as Error).message).toMatch(/Envoy did not start: Envoy exited during startup \(exit code 1\)/);
    expect((err as Error).message).toContain("/nonexistent/missing.wasm");
  });

  it("waitForLog times out with a clear message", async () => {
    const e = await startEnvoy({ directResponse: { status: 200 }, filters: [], concurrency: 1 });
    try {
      await expect(e.waitForLog(/never-logged-line/, 300)).rejects.toThrow(/Timed out after 300 ms waiting for/);
      await expect(e.waitForLog(/all dependencies initialized/)).resolves.toBeTruthy();
    } finally {
      await e.stop();
    }
  });

  it("loads a filter through file-based ECDS and picks up a rewritten file without restarting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-ecds-"));
    let e: RunningEnvoy | undefined;
    try {
      const filter: WasmFilter = { ...hello(), ecds: { path: join(dir, "hello-world.ecds.yaml") } };
      e = await startEnvoy({ filters: [filter], upstream: { host: "127.0.0.1", port: echo.port }, concurrency: 1 });
      let res = await fetch(e.listenerUrl + uniquePath("ecds"));
      expect(res.headers.get("x-hello")).toBe("world");
      await res.arrayBuffer();

      writeEcdsFile({ ...filter, configuration: { header: "x-hello", value: "reloaded" } });
      let value: string | null = null;
      const listenerUrl = e.listenerUrl;
      const reloaded = async () => {
        res = await fetch(listenerUrl + uniquePath("ecds"));
        value = res.headers.get("x-hello");
        await res.arrayBuffer();
        return value === "reloaded";
      };
      await waitFor(reloaded, { timeoutMs: 15_000, intervalMs: 200, what: "the rewritten ECDS file to serve" }).catch(() => undefined); // checked below
      expect(value).toBe("reloaded");
      expect(await e.stat("extension_config_discovery.http_filter.hello-world.config_reload")).toBeGreaterThanOrEqual(2);
    } finally {
      await e?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
