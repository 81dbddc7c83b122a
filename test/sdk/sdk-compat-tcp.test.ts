// upstream.address on a TCP connection, on the emulator: the sdk-compat fixture's
// "sdk-compat-tcp" root logs it in each data callback. Envoy gives the upstream host's ip:port
// there (test/e2e/sdk-compat-tcp.e2e.test.ts, same module).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/sdk-compat.wasm");

describe("upstream.address on TCP", () => {
  it("is ip:port in the downstream and upstream data callbacks (default 127.0.0.1:10002)", async () => {
    const host = new Host();
    const plugin = (await host.loadVm(WASM)).createPlugin({ rootId: "sdk-compat-tcp" });
    const conn = plugin.newTcpStream();
    conn.sendDownstreamData("ping");
    conn.sendUpstreamData("ping");
    conn.close();
    expect(host.logsAt("info")).toEqual([
      "sdk-compat-tcp: downstream upstream.address 127.0.0.1:10002",
      "sdk-compat-tcp: upstream upstream.address 127.0.0.1:10002",
    ]);
  });

  it("is the address the test gives the connection", async () => {
    const host = new Host();
    const plugin = (await host.loadVm(WASM)).createPlugin({ rootId: "sdk-compat-tcp" });
    const conn = plugin.newTcpStream({ upstreamAddress: "10.1.2.3:8443" });
    conn.sendDownstreamData("ping");
    expect(host.logsAt("info")).toEqual(["sdk-compat-tcp: downstream upstream.address 10.1.2.3:8443"]);
  });
});
