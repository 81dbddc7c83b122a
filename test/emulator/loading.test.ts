import { describe, expect, it } from "vitest";
import { FilterTrap, Host, VmFailedError, VmLoadError, WasmResult } from "../../src/emulator/index.ts";
import { fixture } from "./helpers/fixtures.ts";
import { calls, probe, result } from "./helpers/probe.ts";

async function loadError(name: Parameters<typeof fixture>[0]): Promise<Error> {
  const error = await new Host().loadVm(await fixture(name), { name }).then(
    () => undefined,
    (e: Error) => e,
  );
  if (!error) throw new Error(`${name} loaded`);
  return error;
}

describe("loading like cpp-host", () => {
  it("refuses a module without an ABI marker", async () => {
    const e = await loadError("no-marker");
    expect(e).toBeInstanceOf(VmLoadError);
    expect(e.message).toContain("missing ABI version export");
  });

  it("refuses a module without malloc or proxy_on_memory_allocate", async () => {
    expect((await loadError("no-allocator")).message).toContain("missing allocator export");
  });

  it("names an unknown import as module.field", async () => {
    const e = await loadError("unknown-import");
    expect(e.message).toBe("unknown-import: missing import: env.proxy_does_not_exist");
  });

  it("gates proxy_get_log_level to the 0.2.1 marker", async () => {
    expect((await loadError("log-level-020")).message).toContain("missing import: env.proxy_get_log_level");
  });

  it("checks import signatures", async () => {
    expect((await loadError("bad-signature")).message).toContain("Bad function signature for: env.proxy_log");
  });

  it("names the VM after the file and accepts a path", async () => {
    const { writeFile, mkdtemp } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(await mkdtemp(join(tmpdir(), "emu-")), "my-filter.wasm");
    await writeFile(file, await fixture("probe"));
    const vm = await new Host().loadVm(file);
    expect(vm.name).toBe("my-filter");
    expect(vm.abiVersion).toBe("0.2.1");
  });

  it("runs a 0.2.0 module whose allocator is proxy_on_memory_allocate", async () => {
    const host = new Host();
    const vm = await host.loadVm(await fixture("memory-allocate"));
    expect(vm.abiVersion).toBe("0.2.0");
    const stream = vm.createPlugin().newHttpStream();
    stream.sendRequestHeaders({ ":path": "/hello" });
    expect(host.logsAt("info")).toEqual(["/hello"]);
    expect(vm.allocations).toEqual({ count: 1, bytes: 6 });
  });

  it("traps restricted host calls during start-up (logging is allowed)", async () => {
    const host = new Host();
    const e = await host.loadVm(await fixture("start-restricted"), { name: "starter" }).catch((x) => x);
    expect(e).toBeInstanceOf(FilterTrap);
    expect(e.callback).toBe("_initialize");
    expect(e.message).toContain("restricted_callback: env.proxy_get_property");
    expect(host.logsAt("info")).toEqual(["starting"]);
    expect(host.logs[0].contextId).toBe(0);
  });

  it("traps restricted host calls inside the allocator", async () => {
    const vm = await new Host().loadVm(await fixture("alloc-restricted"));
    const stream = vm.createPlugin().newHttpStream();
    const e = (() => {
      try {
        stream.sendRequestHeaders({ ":path": "/" });
      } catch (x) {
        return x as FilterTrap;
      }
    })();
    expect(e).toBeInstanceOf(FilterTrap);
    expect(e!.callback).toBe("proxy_on_request_headers");
    expect(e!.message).toContain("restricted_callback: env.proxy_get_current_time_nanoseconds is not allowed inside the allocator");
  });

  it("answers calls of formerly stubbed imports like Envoy, recording no unimplemented call", async () => {
    const { vm, plugin, host } = await probe(["request_headers|http_call", "request_headers|increment_metric"]);
    plugin.newHttpStream().sendRequestHeaders({});
    // The probe calls cluster "" (unknown to the host) and increments metric id 4 (never defined).
    expect(result(host, "http_call").rc).toBe(WasmResult.BadArgument);
    expect(result(host, "increment_metric").rc).toBe(WasmResult.NotFound);
    expect(vm.unimplementedCalls).toEqual([]);
  });

  it("creates a plugin like Envoy: context_create(root, 0), vm_start, configure", async () => {
    const { host, plugin } = await probe([], { vm: { vmConfiguration: "vmcfg" } });
    expect(plugin.contextId).toBe(1);
    expect(calls(host)).toEqual(["root_create(1)", "vm_start(1,5)", "configure(1,0)"]);
  });

  it("reports memory size and host blocks in use", async () => {
    const { vm, plugin } = await probe(["request_headers|get_header|0|a"]);
    expect(vm.memoryBytes()).toBeGreaterThanOrEqual(65536);
    const before = vm.hostBlocksInUse()!;
    plugin.newHttpStream().sendRequestHeaders({ a: "1" });
    expect(vm.hostBlocksInUse()).toBe(before + 1);
  });

  it("re-reads memory after the guest grows it", async () => {
    const { vm, plugin, host } = await probe(["request_headers|grow|4", "request_headers|get_header|0|a"]);
    const before = vm.memoryBytes();
    plugin.newHttpStream().sendRequestHeaders({ a: "after-grow" });
    expect(vm.memoryBytes()).toBe(before + 4 * 65536);
    expect(Buffer.from(result(host, "get_header").value, "hex").toString()).toBe("after-grow");
  });

  it("fails the VM after a trap; later calls throw VmFailedError", async () => {
    const { vm, plugin } = await probe(["request_headers|trap"]);
    expect(() => plugin.newHttpStream().sendRequestHeaders({})).toThrow(FilterTrap);
    expect(vm.failed).toBe(true);
    expect(() => plugin.newHttpStream().sendRequestHeaders({})).toThrow(VmFailedError);
    expect(() => vm.createPlugin()).toThrow(/VM failed/);
  });
});
