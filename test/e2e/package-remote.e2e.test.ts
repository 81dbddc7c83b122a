// Remote code in plain Envoy: `envoy-as serve` hands build/hello-world.wasm to Envoy through
// vm_config.code.remote (http_uri + cluster + sha256 + retry_policy). Envoy must fetch and run it,
// and must refuse a module whose sha256 does not match.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WasmFilter } from "../../src/envoy/config.ts";
import { startEnvoy } from "../../src/envoy/launcher.ts";
import { sha256Hex } from "../../src/package/digest.ts";
import { serveWasm, type WasmServer } from "../../src/package/serve.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { helloWorld, HELLO_WORLD_WASM } from "./support/filters.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const WASM_CLUSTER = "wasm-server";

describe.runIf(MODE === "local")("remote Wasm code served by envoy-as serve", () => {
  let echo: EchoServer;
  let server: WasmServer;
  let sha: string;

  const remoteHello = (sha256: string): WasmFilter => {
    const f = helloWorld();
    return {
      name: f.name,
      wasmPath: "",
      configuration: f.configuration,
      remoteCode: { uri: `${server.url}/${HELLO_WORLD_WASM}`, cluster: WASM_CLUSTER, sha256, retries: 1 },
    };
  };
  const start = (sha256: string, componentLogLevel?: string) =>
    startEnvoy({
      componentLogLevel,
      filters: [remoteHello(sha256)],
      upstream: { host: "127.0.0.1", port: echo.port },
      clusters: [{ name: WASM_CLUSTER, host: "127.0.0.1", port: server.port }],
      concurrency: 1,
      startTimeoutMs: 30_000,
    });

  beforeAll(async () => {
    requireWasm(HELLO_WORLD_WASM);
    sha = sha256Hex(readFileSync(join(BUILD_DIR, HELLO_WORLD_WASM)));
    echo = await startEcho();
    server = await serveWasm({ dir: BUILD_DIR });
  });
  afterAll(async () => {
    await server?.close();
    await echo?.close();
  });

  it("fetches the module over HTTP, verifies its sha256 and runs it", async () => {
    const before = server.requests.length;
    const envoy = await start(sha);
    try {
      expect(server.requests.slice(before)).toContain(`GET /${HELLO_WORLD_WASM} 200`);
      const res = await fetch(`${envoy.listenerUrl}/remote`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-hello")).toBe("world");
      await res.arrayBuffer();
      const dump = JSON.stringify(await envoy.configDump());
      expect(dump).toContain(`"sha256":"${sha}"`);
      expect(dump).not.toContain(`"filename"`);
    } finally {
      await envoy.stop();
    }
  });

  it("refuses a module whose sha256 does not match: Envoy logs it and fails closed", async () => {
    const wrong = "0".repeat(64);
    const before = server.requests.length;
    // Envoy reports the digest check only at debug level of the `config` logger
    // ("fetch remote data [uri = …]: data is invalid"); at info it says the plugin failed to load.
    const envoy = await start(wrong, "config:debug");
    try {
      await envoy.waitForLog(/Plugin hello-world failed to load/);
      const log = envoy.logs();
      expect(log).toMatch(/fetch remote data \[uri = http:\/\/127\.0\.0\.1:\d+\/hello-world\.wasm\]: data is invalid/);
      expect(log).toMatch(/Retry limit exceeded for fetching data from remote data source/);
      // The module was served fine (200, twice: first try + 1 retry); the refusal is Envoy's hash check.
      expect(server.requests.slice(before).filter((l) => l === `GET /${HELLO_WORLD_WASM} 200`).length).toBe(2);
      const res = await fetch(`${envoy.listenerUrl}/remote`);
      expect(res.status).toBe(503); // FAIL_CLOSED: no module, no traffic
      expect(res.headers.get("x-hello")).toBeNull();
      await res.arrayBuffer();
    } finally {
      await envoy.stop();
    }
  });
});
