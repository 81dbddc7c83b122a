import { describe, expect, it } from "vitest";
import { ConfigureRejected, FilterTrap, GrpcStatus, Host, VmFailedError } from "../../src/emulator/index.ts";
import { fixture } from "./helpers/fixtures.ts";
import { calls, probe } from "./helpers/probe.ts";

function trapOf(fn: () => unknown): FilterTrap {
  try {
    fn();
  } catch (e) {
    if (e instanceof FilterTrap) return e;
    throw e;
  }
  throw new Error("no trap");
}

describe("traps", () => {
  it("takes the message and location from the SDK's critical abort line", async () => {
    const { plugin } = await probe(["request_headers|abort|index out of range"]);
    const trap = trapOf(() => plugin.newHttpStream().sendRequestHeaders({}));
    expect(trap.filter).toBe("probe");
    expect(trap.callback).toBe("proxy_on_request_headers");
    expect(trap.abortMessage).toBe("index out of range");
    expect(trap.location).toBe("assembly/probe.ts:12:5");
    expect(trap.message).toBe("probe trapped in proxy_on_request_headers: index out of range at assembly/probe.ts:12:5");
    expect(trap.cause).toBeInstanceOf(WebAssembly.RuntimeError);
  });

  it("reports a bare trap with the engine's message", async () => {
    const { plugin } = await probe(["response_headers|trap"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    const trap = trapOf(() => stream.sendResponseHeaders({ ":status": "200" }));
    expect(trap.callback).toBe("proxy_on_response_headers");
    expect(trap.abortMessage).toMatch(/unreachable/);
    expect(trap.location).toBeUndefined();
  });

  it("reads env.abort's AssemblyScript strings for modules built without our SDK", async () => {
    const vm = await new Host().loadVm(await fixture("abort-env"), { name: "plain-as" });
    const stream = vm.createPlugin().newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(0);
    const trap = trapOf(() => vm.createPlugin().newHttpStream().sendRequestHeaders({ a: "1" }));
    expect(trap.abortMessage).toBe("kaboom from env.abort");
    expect(trap.location).toMatch(/abort-env\.ts:\d+:\d+$/);
    expect(trap.message).toMatch(/^plain-as trapped in proxy_on_request_headers: kaboom from env.abort at .*abort-env\.ts:\d+:\d+$/);
  });

  it("fails the VM like Envoy: the stream gets a 503 and no further callbacks reach the VM", async () => {
    const { host, plugin, vm } = await probe(["request_body|trap"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    trapOf(() => stream.sendRequestBody("x"));
    expect(stream.localResponse).toMatchObject({ status: 503, details: "wasm_fail_stream", grpcStatus: GrpcStatus.Unavailable });
    expect(stream.responseHeader(":status")).toBe("503");
    host.clearLogs();
    stream.complete(); // Envoy skips on_log/on_done/on_delete on a failed VM
    expect(calls(host)).toEqual([]);
    const next = plugin.newHttpStream();
    expect(() => next.sendRequestHeaders({})).toThrow(VmFailedError);
    expect(() => next.sendRequestHeaders({})).toThrow(/VM failed: probe trapped earlier/);
    expect(vm.failure?.callback).toBe("proxy_on_request_body");
  });
});

describe("plugin creation and reconfiguration", () => {
  it("rejects a configuration when on_configure returns false, quoting the filter's error logs", async () => {
    const host = new Host();
    const vm = await host.loadVm(await fixture("probe"), { name: "probe" });
    const e = (() => {
      try {
        vm.createPlugin({ configuration: "configure|log|4|missing field 'x'\nconfigure|log|2|info is not quoted\nconfigure|return|0" });
      } catch (x) {
        return x as ConfigureRejected;
      }
    })();
    expect(e).toBeInstanceOf(ConfigureRejected);
    expect(e!.callback).toBe("proxy_on_configure");
    expect(e!.errorLogs).toEqual(["[error] missing field 'x'"]);
    expect(e!.message).toContain("missing field 'x'");
    expect(e!.message).not.toContain("info is not quoted");
  });

  it("rejects when on_vm_start returns false", async () => {
    const vm = await new Host().loadVm(await fixture("probe"));
    expect(() => vm.createPlugin({ configuration: "vm_start|return|0" })).toThrow(ConfigureRejected);
    expect(() => vm.createPlugin({ configuration: "vm_start|return|0" })).toThrow(/proxy_on_vm_start returned false/);
  });

  it("JSON-encodes object configurations and passes the size to on_configure", async () => {
    const host = new Host();
    const vm = await host.loadVm(await fixture("probe"));
    const plugin = vm.createPlugin({ configuration: { a: 1 }, rootId: "my_root", name: "cfg" });
    expect(new TextDecoder().decode(plugin.configuration)).toBe('{"a":1}');
    expect(calls(host)).toContain("configure(1,7)");
    expect(plugin.rootId).toBe("my_root");
    expect(host.logs.at(-1)?.plugin).toBe("cfg");
  });

  it("reconfigure creates a new root context in the same VM; a rejection leaves the old plugin working", async () => {
    const { host, plugin, vm } = await probe([]);
    const next = plugin.reconfigure("configure|log|2|v2");
    expect(next.contextId).toBe(2);
    expect(next.vm).toBe(vm);
    expect(host.logsAt("info")).toContain("configure|log|0||");
    expect(() => plugin.reconfigure("configure|return|0")).toThrow(ConfigureRejected);
    expect(() => plugin.newHttpStream().sendRequestHeaders({})).not.toThrow();
  });

  it("shutdown runs on_done then on_delete; on_done false leaves the root pending", async () => {
    const { host, plugin } = await probe([]);
    host.clearLogs();
    expect(plugin.shutdown()).toBe(true);
    expect(calls(host)).toEqual(["done(1)", "delete(1)"]);
    expect(plugin.state).toBe("deleted");
    expect(() => plugin.newHttpStream()).toThrow(/deleted/);

    const other = await probe(["done|return|0"]);
    expect(other.plugin.shutdown()).toBe(false);
    expect(other.plugin.state).toBe("done-pending");
  });
});
