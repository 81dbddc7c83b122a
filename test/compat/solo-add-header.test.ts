// A proxy-runtime-style filter (only its imports changed) on the envoy-as solo facade:
// build/test/solo-add-header.wasm through the emulator.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HeadersAction, Host } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/solo-add-header.wasm");

async function plugin(configuration: string) {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, vm, plugin: vm.createPlugin({ rootId: "solo-add-header", configuration }) };
}

describe("solo-add-header (proxy-runtime API)", () => {
  it("edits request headers with get/add/replace/remove and adds the configured response header", async () => {
    const { host, plugin: p } = await plugin("from-config");
    const stream = p.newHttpStream();
    const action = stream.sendRequestHeaders(
      { ":method": "GET", ":path": "/abc", ":authority": "x", "x-internal": "secret", "x-replaced": "old" },
      { endOfStream: true },
    );
    expect(action).toBe(HeadersAction.Continue);
    expect(stream.requestHeader("x-path-length")).toBe("4");
    expect(stream.requestHeader("x-replaced")).toBe("by-solo");
    expect(stream.requestHeader("x-internal")).toBeUndefined();
    stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    expect(stream.responseHeader("x-solo")).toBe("from-config");
    stream.complete();
    expect(host.logsAt("info")).toEqual(["solo-add-header: /abc (5 headers)"]);
  });

  it("defaults the response header without configuration", async () => {
    const { plugin: p } = await plugin("");
    const stream = p.newHttpStream();
    stream.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "x" }, { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    expect(stream.responseHeader("x-solo")).toBe("hello");
  });

  it("send_local_response answers with status, details, body and headers; the encoder path still runs", async () => {
    const { plugin: p } = await plugin("");
    const stream = p.newHttpStream();
    stream.sendRequestHeaders({ ":method": "GET", ":path": "/teapot", ":authority": "x" }, { endOfStream: true });
    expect(stream.localResponse).toMatchObject({ status: 418, bodyText: "short and stout", details: "solo_teapot", grpcStatus: undefined });
    expect(stream.localResponse?.headers).toContainEqual(["x-solo-teapot", "yes"]);
    expect(stream.responseHeader("x-solo")).toBe("hello");
  });
});
