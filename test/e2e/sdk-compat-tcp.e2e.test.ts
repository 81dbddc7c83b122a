// upstream.address on a TCP connection through a network Wasm filter, in a real Envoy: the
// sdk-compat fixture's "sdk-compat-tcp" root logs the property in each data callback. The same
// module runs on the emulator in test/sdk/sdk-compat-tcp.test.ts.
import { createServer, connect, type Server } from "node:net";
import { listenOn } from "../../src/util/ports.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const WASM = "test/sdk-compat.wasm";

describe.skipIf(MODE !== "local")("upstream.address on TCP through Envoy [local]", () => {
  let echoServer: Server;
  let echoPort: number;
  let envoy: RunningEnvoy;

  beforeAll(async () => {
    requireWasm(WASM);
    echoServer = createServer((s) => s.on("data", (b) => s.write(b)));
    echoPort = await listenOn(echoServer);
    envoy = await startEnvoy({
      filters: [],
      directResponse: { status: 200 },
      clusters: [{ name: "tcp_echo", host: "127.0.0.1", port: echoPort }],
      tcpProxies: [{ name: "tcp", port: 0, cluster: "tcp_echo", filters: [{ name: "sdk-compat-tcp", rootId: "sdk-compat-tcp", wasmPath: `${BUILD_DIR}/${WASM}` }] }],
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await envoy?.stop();
    await new Promise<void>((r) => echoServer?.close(() => r()));
  });

  it("is the upstream host's ip:port in the downstream and upstream data callbacks", async () => {
    const socket = connect(envoy.listenerPorts.get("tcp")!, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write("ping");
    await new Promise((r) => socket.once("data", r));
    socket.end();
    const logs = await envoy.waitForLog(/sdk-compat-tcp: upstream upstream.address (\S+)/);
    expect(logs[1]).toBe(`127.0.0.1:${echoPort}`);
    const down = await envoy.waitForLog(/sdk-compat-tcp: downstream upstream.address (\S+)/);
    expect(down[1]).toBe(`127.0.0.1:${echoPort}`);
  });
});
