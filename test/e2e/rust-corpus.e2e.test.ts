// The Rust corpus in a real Envoy, where host state matters beyond the HTTP scenarios of
// test/scenarios/rust.ts: ticks and metrics as Envoy stats, and upstream.address on TCP. The
// same modules run on the emulator in test/sdk/rust-corpus.test.ts.
import { createServer, connect, type Server } from "node:net";
import { listenOn } from "../../src/util/ports.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/util/wait.ts";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

describe.skipIf(MODE !== "local")("Rust corpus through Envoy [local]", () => {
  let echoServer: Server;
  let echoPort: number;
  let envoy: RunningEnvoy;

  beforeAll(async () => {
    requireWasm("test/rust/rust-http.wasm");
    requireWasm("test/rust/rust-tcp.wasm");
    echoServer = createServer((s) => s.on("data", (b) => s.write(b)));
    echoPort = await listenOn(echoServer);
    envoy = await startEnvoy({
      filters: [{ name: "rust-http", rootId: "rust-http", wasmPath: `${BUILD_DIR}/test/rust/rust-http.wasm` }],
      directResponse: { status: 200 },
      clusters: [{ name: "tcp_echo", host: "127.0.0.1", port: echoPort }],
      tcpProxies: [{ name: "tcp", port: 0, cluster: "tcp_echo", filters: [{ name: "rust-tcp", rootId: "rust-tcp", wasmPath: `${BUILD_DIR}/test/rust/rust-tcp.wasm` }] }],
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await envoy?.stop();
    await new Promise<void>((r) => echoServer?.close(() => r()));
  });

  it("rust-http ticks: its gauge rust_ticks grows", async () => {
    let ticks = 0;
    const ticked = async () => (ticks = (await envoy.stat("wasmcustom.rust_ticks")) ?? 0) >= 3;
    await waitFor(ticked, { timeoutMs: 5000, what: "three ticks" }).catch(() => undefined); // checked below
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("rust-tcp reads upstream.address as the upstream host's ip:port in both data callbacks; bytes counted", async () => {
    const socket = connect(envoy.listenerPorts.get("tcp")!, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write("ping");
    await new Promise((r) => socket.once("data", r));
    socket.end();
    expect((await envoy.waitForLog(/rust-tcp: downstream upstream.address (\S+)/))[1]).toBe(`127.0.0.1:${echoPort}`);
    expect((await envoy.waitForLog(/rust-tcp: upstream upstream.address (\S+)/))[1]).toBe(`127.0.0.1:${echoPort}`);
    expect(await envoy.stat("wasmcustom.rust_tcp_bytes")).toBe(8);
  });
});
