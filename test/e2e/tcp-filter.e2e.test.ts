// A network Wasm filter (envoy.filters.network.wasm before tcp_proxy) on a TCP listener in
// front of a real TCP echo server: the filter upper-cases client bytes, counts both ways and
// closes the connection on a keyword. Same module as test/sdk/tcp.test.ts on the emulator.
import { createServer, connect, type Server, type Socket } from "node:net";
import { listenOn } from "../../src/util/ports.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const WASM = "test/tcp-filter.wasm";

/** Reads from `socket` until `predicate(all data so far)` holds or the socket ends. */
function readUntil(socket: Socket, predicate: (text: string) => boolean, timeoutMs = 5000): Promise<{ text: string; ended: boolean }> {
  return new Promise((res, rej) => {
    let text = "";
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      res({ text, ended });
    };
    const onData = (b: Buffer) => {
      text += b.toString("utf8");
      if (predicate(text)) finish(false);
    };
    const onClose = () => finish(true);
    const timer = setTimeout(() => rej(new Error(`timed out; got ${JSON.stringify(text)}`)), timeoutMs);
    socket.on("data", onData);
    socket.on("close", onClose);
  });
}

describe.skipIf(MODE !== "local")("TCP network filter through Envoy [local]", () => {
  let echoServer: Server;
  const received: string[] = [];
  let envoy: RunningEnvoy;
  let port: number;

  beforeAll(async () => {
    requireWasm(WASM);
    echoServer = createServer((s) => s.on("data", (b) => (received.push(b.toString("utf8")), s.write(b))));
    const echoPort = await listenOn(echoServer);
    envoy = await startEnvoy({
      filters: [],
      directResponse: { status: 200 },
      clusters: [{ name: "tcp_echo", host: "127.0.0.1", port: echoPort }],
      tcpProxies: [{ name: "tcp", port: 0, cluster: "tcp_echo", filters: [{ name: "tcp-filter", wasmPath: `${BUILD_DIR}/${WASM}`, configuration: { keyword: "QUIT" } }] }],
      concurrency: 1,
    });
    port = envoy.listenerPorts.get("tcp")!;
  });
  afterAll(async () => {
    await envoy?.stop();
    await new Promise<void>((r) => echoServer?.close(() => r()));
  });

  it("upper-cases what the client sends; the echo comes back through the filter", async () => {
    const socket = connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    socket.write("hello tcp");
    const { text } = await readUntil(socket, (t) => t.length >= 9);
    expect(text).toBe("HELLO TCP");
    expect(received.join("")).toContain("HELLO TCP");
    socket.end();
    await envoy.waitForLog(/tcp-filter: downstream close peer=\d down=9 up=9/);
  });

  it("closes the connection on the keyword; Envoy calls close, done, log, delete in that order", async () => {
    const socket = connect(port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    const before = received.join("").length;
    socket.write("please quit now");
    const { ended } = await readUntil(socket, () => false);
    expect(ended).toBe(true);
    await envoy.waitForLog(/tcp-filter: keyword seen, closing[\s\S]*tcp-filter: downstream close peer=1 down=15 up=0[\s\S]*tcp-filter: done[\s\S]*tcp-filter: log[\s\S]*tcp-filter: delete/);
    // The chunk the filter closed on never goes upstream (the emulator models the same).
    expect(received.join("").length - before).toBe(0);
  });
});
