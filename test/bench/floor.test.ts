// The bench's floor (bench/peers/floor/add-header.wat): it must do add-header's work, be a
// module Envoy loads, and do nothing else, or it is no floor.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildCache } from "../../src/build/cache.ts";
import { inspectModule } from "../../src/build/inspect.ts";
import { buildFloor } from "../../src/bench/floor.ts";
import { Host } from "../../src/emulator/index.ts";

const root = join(import.meta.dirname, "../..");
const out = mkdtempSync(join(tmpdir(), "envoy-as-floor-test-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("bench floor", () => {
  const cache = new BuildCache(join(out, ".cache.json"));
  const wasm = buildFloor(root, out, cache);
  const bytes = readFileSync(wasm);

  it("is a module Envoy loads, with one import: proxy_replace_header_map_value", () => {
    const report = inspectModule(bytes, "floor-add-header.wasm");
    expect(report.problems).toEqual([]);
    expect(report.abi).toBe("0.2.1");
    expect(report.imports).toEqual(["env.proxy_replace_header_map_value"]);
    expect(report.exports.sort()).toEqual(
      ["memory", "proxy_abi_version_0_2_1", "proxy_on_configure", "proxy_on_context_create", "proxy_on_memory_allocate", "proxy_on_response_headers", "proxy_on_vm_start"].sort(),
    );
  });

  it("sets x-bench: envoy-as on the response, replacing a value already there, and touches nothing else", async () => {
    const host = new Host();
    const vm = await host.loadVm(bytes, { name: "floor" });
    const plugin = vm.createPlugin({ rootId: "add-header", configuration: "{}" });
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":method": "GET", ":path": "/", "x-bench": "from-client" }, { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200", "x-bench": "old" }, { endOfStream: true });
    stream.complete();
    expect(stream.localResponse).toBeUndefined();
    expect(stream.requestHeaders).toEqual([[":method", "GET"], [":path", "/"], ["x-bench", "from-client"]]);
    expect(stream.responseHeaders).toEqual([[":status", "200"], ["x-bench", "envoy-as"]]);
    // No log line of any kind: not the floor's own (it imports no proxy_log), not the emulator's
    // (an unimplemented call, an abort).
    expect(host.logs).toEqual([]);
  });

  it("is assembled again only when its output is gone or its source changed", () => {
    const first = statSync(wasm).mtimeMs;
    expect(buildFloor(root, out, cache)).toBe(wasm);
    expect(statSync(wasm).mtimeMs).toBe(first);
    rmSync(wasm);
    expect(buildFloor(root, out, cache)).toBe(wasm);
    expect(readFileSync(wasm)).toEqual(bytes);
  });
});
