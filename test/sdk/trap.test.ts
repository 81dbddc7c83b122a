// A trap in a filter surfaces with the filter's name, the callback, AssemblyScript's message
// and its source location, as logged by the SDK's abort handler.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FilterTrap, Host } from "../../src/emulator/index.ts";

const PROBE = resolve(import.meta.dirname, "../../build/test/probe.wasm");

describe("traps", () => {
  it("report the filter, callback, message and location; the VM is then failed like Envoy's", async () => {
    const host = new Host();
    const vm = await host.loadVm(PROBE);
    const plugin = vm.createPlugin({ rootId: "probe", configuration: {} });
    const stream = plugin.newHttpStream();
    let trap: unknown;
    try {
      stream.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "x", "x-probe": "trap" }, { endOfStream: true });
    } catch (e) {
      trap = e;
    }
    expect(trap).toBeInstanceOf(FilterTrap);
    const t = trap as FilterTrap;
    expect(t.filter).toBe("probe");
    expect(t.callback).toBe("proxy_on_request_headers");
    expect(t.abortMessage).toBe("probe trap requested");
    expect(t.location).toMatch(/^test\/fixtures\/filters\/probe\/index\.ts:\d+:\d+$/);
    expect(t.message).toContain("probe trapped in proxy_on_request_headers: probe trap requested at test/fixtures/filters/probe/index.ts:");
    expect(host.logsAt("critical")[0]).toMatch(/^abort: probe trap requested at test\/fixtures\/filters\/probe\/index\.ts:\d+:\d+$/);
    expect(vm.failed).toBe(true);
    expect(() => plugin.newHttpStream().sendRequestHeaders({ ":path": "/" }, { endOfStream: true })).toThrow(/failed/i);
  });
});
