// The build exports only the per-stream callbacks a filter overrides (src/build/unused-callbacks.ts):
// Envoy skips a callback the module does not export, so a default that does nothing costs
// nothing per request. Each case compiles a small filter against the real SDK and reads the
// module's exports, then runs it in the emulator to show it still does its work.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAsc } from "../../src/build/asc.ts";
import { Host } from "../../src/emulator/index.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Compiles `files` (index.ts first) as a filter of the repository's project; its module and proxy_on_* exports. */
async function compile(files: Record<string, string>, keepAllCallbacks = false) {
  const dir = mkdtempSync(join(ROOT, "build", "unused-callbacks-"));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = await runAsc({ projectRoot: ROOT, entry: join(dir, "index.ts"), target: "release", keepAllCallbacks });
  expect(r.diagnostics).not.toMatch(/ERROR/);
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(r.binary! as Uint8Array<ArrayBuffer>)).map((e) => e.name).filter((n) => n.startsWith("proxy_on_"));
  return { wasm: r.binary!, exports: exports.sort(), dropped: r.droppedCallbacks };
}

const SET_HEADER = `
import { HeadersAction, HttpContext, RootContext, log, registerRootContext, response } from "envoy-as";
export * from "envoy-as/sdk/abi/exports-http";
class Stream extends HttpContext {
  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    response.headers.set("x-set", "yes");
    return HeadersAction.Continue;
  }
  onDelete(): void { log.info("deleted " + this.id.toString()); }
}
class Root extends RootContext {
  newHttpContext(id: u32): HttpContext { return new Stream(id, this); }
}
registerRootContext("set", (id: u32): RootContext => new Root(id));
`;

describe("per-stream callbacks a filter does not override", () => {
  it("are left out of the exports, and the filter still does its work in every stream", async () => {
    const { wasm, exports, dropped } = await compile({ "index.ts": SET_HEADER });
    expect(exports).toEqual([
      "proxy_on_configure", "proxy_on_context_create", "proxy_on_delete", "proxy_on_memory_allocate",
      "proxy_on_response_headers", "proxy_on_tick", "proxy_on_vm_start",
    ]);
    expect(dropped).toEqual([
      "proxy_on_done", "proxy_on_log", "proxy_on_request_body", "proxy_on_request_headers",
      "proxy_on_request_trailers", "proxy_on_response_body", "proxy_on_response_trailers",
    ]);
    const host = new Host();
    const vm = await host.loadVm(wasm);
    const plugin = vm.createPlugin({ rootId: "set", configuration: "" });
    for (let i = 0; i < 3; i++) {
      const s = plugin.newHttpStream();
      s.sendRequestHeaders({ ":method": "POST", ":path": "/", ":authority": "a" });
      s.sendRequestBody("body", { endOfStream: true });
      s.sendResponseHeaders({ ":status": "200" });
      s.sendResponseBody("ok", { endOfStream: true });
      s.complete();
      expect(s.responseHeader("x-set")).toBe("yes");
    }
    // Every stream's context was made at its first exported callback and deleted at its end.
    expect(host.logsAt("info")).toEqual(["deleted 2", "deleted 3", "deleted 4"]);
  });

  it("are kept when any class of the filter, in any of its files, overrides them", async () => {
    const { exports, dropped } = await compile({
      "index.ts": `
import { RootContext, registerRootContext } from "envoy-as";
import { Stream } from "./stream";
export * from "envoy-as/sdk/abi/exports-http";
class Root extends RootContext {
  newHttpContext(id: u32): Stream { return new Stream(id, this); }
  onDone(): bool { return true; }
}
registerRootContext("kept", (id: u32): RootContext => new Root(id));
`,
      "stream.ts": `
import { DataAction, HttpContext, log } from "envoy-as";
export class Stream extends HttpContext {
  onRequestBody(size: u32, endOfStream: bool): DataAction { return DataAction.Continue; }
  onLog(): void { log.info("log"); }
}
`,
    });
    expect(exports).toContain("proxy_on_request_body");
    expect(exports).toContain("proxy_on_log");
    expect(exports).toContain("proxy_on_done"); // the root's onDone
    expect(dropped).toEqual(["proxy_on_request_headers", "proxy_on_request_trailers", "proxy_on_response_body", "proxy_on_response_headers", "proxy_on_response_trailers"]);
  });

  it("are all kept when the build is asked to keep them", async () => {
    const { exports, dropped } = await compile({ "index.ts": SET_HEADER }, true);
    expect(dropped).toEqual([]);
    for (const name of ["proxy_on_request_headers", "proxy_on_request_body", "proxy_on_request_trailers", "proxy_on_response_body", "proxy_on_response_trailers", "proxy_on_log", "proxy_on_done"]) {
      expect(exports).toContain(name);
    }
  });
});
