// The Rust corpus on the emulator, where host state matters beyond the HTTP scenarios of
// test/scenarios/rust.ts: ticks, metrics, a trap, and upstream.address on TCP.
// test/e2e/rust-corpus.e2e.test.ts runs the same modules in Envoy. Build them first with
// `npx tsx src/testing/rust-corpus.ts build`.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FilterTrap, Host } from "../../src/emulator/index.ts";

const BUILD = resolve(import.meta.dirname, "../../build/test/rust");

function wasm(name: string): string {
  const path = resolve(BUILD, `${name}.wasm`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npx tsx src/testing/rust-corpus.ts build\` first`);
  return path;
}

describe("Rust corpus on the emulator", () => {
  it("rust-http ticks every 10 ms from on_configure and records the ticks in a gauge", async () => {
    const host = new Host();
    (await host.loadVm(wasm("rust-http"))).createPlugin({ rootId: "rust-http" });
    expect(host.logsAt("info")).toContain("rust-http: vm started");
    host.advanceTime(35);
    expect(host.metric("rust_ticks")?.value).toBe(3n);
  });

  it("rust-http's metrics are host-wide stats", async () => {
    const host = new Host();
    const plugin = (await host.loadVm(wasm("rust-http"))).createPlugin({ rootId: "rust-http" });
    for (let i = 0; i < 2; i++) plugin.newHttpStream().sendRequestHeaders({ ":path": "/", "x-op": "metrics" }, { endOfStream: true });
    expect(host.metric("rust_requests")?.value).toBe(4n);
    expect(host.metric("rust_gauge")?.value).toBe(4n);
  });

  it("a panic in rust-http fails the VM: the stream gets Envoy's 503 and nothing more reaches the module", async () => {
    const host = new Host();
    const vm = await host.loadVm(wasm("rust-http"));
    const plugin = vm.createPlugin({ rootId: "rust-http" });
    const stream = plugin.newHttpStream();
    expect(() => stream.sendRequestHeaders({ ":path": "/", "x-op": "trap" }, { endOfStream: true })).toThrow(FilterTrap);
    expect(stream.localResponse).toMatchObject({ status: 503, details: "wasm_fail_stream" });
    expect(vm.failed).toBe(true);
    expect(host.logsAt("critical").join("\n")).toContain("rust trap requested");
  });

  it("rust-tcp reads upstream.address as ip:port in both data callbacks", async () => {
    const host = new Host();
    const plugin = (await host.loadVm(wasm("rust-tcp"))).createPlugin({ rootId: "rust-tcp" });
    const conn = plugin.newTcpStream({ upstreamAddress: "127.0.0.1:4444" });
    conn.sendDownstreamData("ping");
    conn.sendUpstreamData("pong!");
    conn.close();
    expect(host.logsAt("info")).toEqual(["rust-tcp: downstream upstream.address 127.0.0.1:4444", "rust-tcp: upstream upstream.address 127.0.0.1:4444"]);
    expect(host.metric("rust_tcp_bytes")?.value).toBe(9n);
  });
});
