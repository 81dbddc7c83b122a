// TCP (network filter) contexts of the guest SDK through the emulator's TCP streams, on
// build/test/tcp-filter.wasm — the module the Envoy e2e test runs before tcp_proxy.
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { HeadersAction, Host, NetworkAction, type Plugin } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/tcp-filter.wasm");

let host: Host;
let plugin: Plugin;

beforeEach(async () => {
  host = new Host();
  const vm = await host.loadVm(WASM);
  plugin = vm.createPlugin({ rootId: "tcp-filter", configuration: { keyword: "QUIT" } });
});

const callbacks = (lines: string[]) => lines.filter((l) => l.startsWith("tcp-filter: ")).map((l) => l.slice(12));

describe("TCP context", () => {
  it("is created at the connection and sees data both ways, editing what goes upstream", () => {
    const conn = plugin.newTcpStream();
    expect(conn.newConnectionAction).toBe(NetworkAction.Continue);
    expect(conn.sendDownstreamData("hello ")).toBe(NetworkAction.Continue);
    expect(conn.sendDownstreamData("wörld")).toBe(NetworkAction.Continue);
    expect(conn.upstreamReceivedText).toBe("HELLO WöRLD");
    expect(conn.sendUpstreamData("pong")).toBe(NetworkAction.Continue);
    expect(conn.downstreamReceivedText).toBe("pong");
    conn.close();
    expect(conn.closedBy).toBe("client");
    expect(callbacks(host.logsAt("info"))).toEqual([
      `new connection ${conn.contextId}`,
      "downstream data 6 eos=0",
      "downstream data 6 eos=0",
      "upstream data 4 eos=0",
      "downstream close peer=2 down=12 up=4", // Remote
      "done",
      "log",
      "delete",
    ]);
  });

  it("reports the upstream's end of stream as upstream close (Unknown) after the data", () => {
    const conn = plugin.newTcpStream();
    conn.sendUpstreamData("bye", { endOfStream: true });
    conn.close("proxy");
    expect(callbacks(host.logsAt("info")).slice(1)).toEqual([
      "upstream data 3 eos=1",
      "upstream close peer=0",
      "downstream close peer=1 down=0 up=3", // Local: Envoy closed it
      "done",
      "log",
      "delete",
    ]);
  });

  it("closes the connection when the client sends the keyword; nothing more is forwarded", () => {
    const conn = plugin.newTcpStream();
    conn.sendDownstreamData("one ");
    conn.sendDownstreamData("then quit");
    expect(conn.closedBy).toBe("filter");
    expect(conn.closeCalls.map((c) => c.streamType)).toEqual([2]); // Downstream
    expect(conn.upstreamReceivedText).toBe("ONE ");
    expect(callbacks(host.logsAt("info")).slice(-5)).toEqual([
      "keyword seen, closing",
      "downstream close peer=1 down=13 up=0",
      "done",
      "log",
      "delete",
    ]);
    expect(() => conn.sendDownstreamData("more")).toThrow(/closed/);
  });

  it("keeps HTTP and TCP children apart: the same plugin serves an HTTP stream too", () => {
    const conn = plugin.newTcpStream();
    const http = plugin.newHttpStream();
    expect(http.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "x" }, { endOfStream: true })).toBe(HeadersAction.Continue);
    http.complete();
    conn.sendDownstreamData("abc");
    expect(conn.upstreamReceivedText).toBe("ABC");
    expect(host.logsAt("critical")).toEqual([]);
  });
});
