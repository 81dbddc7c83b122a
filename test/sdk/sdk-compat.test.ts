// What modules of other SDKs need from the emulator, on build/test/sdk-compat.wasm, with the
// host's state checked beyond the differential scenarios (test/scenarios/sdk-compat.ts, which
// run the same requests on Envoy 1.40).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Host, HeadersAction, VIRTUAL_MONOTONIC_START, WasmResult } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/sdk-compat.wasm");

async function compat(host = new Host()) {
  const plugin = (await host.loadVm(WASM)).createPlugin({ rootId: "sdk-compat" });
  host.clearLogs();
  return { host, plugin };
}

describe("sdk-compat on the emulator", () => {
  it("loads a module importing sched_yield, poll_oneoff and fd_fdstat_set_flags, which calls fd_prestat_* during start-up", async () => {
    const { plugin } = await compat();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/", "x-op": "start" }, { endOfStream: true });
    expect(stream.requestHeader("x-start")).toBe("prestat=8;dirname=52;clock=0;mono=nonzero");
  });

  it("starts the virtual monotonic clock away from zero and advances it with virtual time", () => {
    const host = new Host();
    expect(host.monotonicNanoseconds()).toBe(VIRTUAL_MONOTONIC_START);
    host.advanceTime(5);
    expect(host.monotonicNanoseconds()).toBe(VIRTUAL_MONOTONIC_START + 5_000_000n);
  });

  it("serves an HTTP-call answer to the stream made effective in on_http_call_response", async () => {
    const { host, plugin } = await compat();
    host.setClusterHandler("compat", () => ({ status: 200, headers: { "x-answer": "yes" }, body: "answer body" }));
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({ ":path": "/", "x-op": "callout" }, { endOfStream: true })).toBe(HeadersAction.StopIteration);
    expect(host.httpCalls.map((c) => [c.cluster, c.state, c.contextId])).toEqual([["compat", "responded", stream.contextId]]);
    expect(stream.requestHeader("x-call")).toBe("0|yes|0|answer body");
    expect(stream.paused.request).toBe(false);
  });

  it("answers a gRPC request's local reply by gRPC rules and records what was sent", async () => {
    const { plugin } = await compat();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/svc/M", "content-type": "application/grpc", "x-op": "local", "x-status": "503", "x-body": "down\n" }, { endOfStream: true });
    expect(stream.localResponse).toMatchObject({ status: 200, requestedStatus: 503, grpc: true, grpcStatus: 14, bodyText: "" });
    expect(stream.responseHeaders).toEqual([
      [":status", "200"], ["content-type", "application/grpc"], ["grpc-status", "14"], ["grpc-message", "down%0A"], ["x-compat", "local"],
    ]);
    expect(stream.responseBodyText).toBe("");
  });

  it("drops the gRPC status of a plain request's local reply", async () => {
    const { plugin } = await compat();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/", "x-op": "local", "x-status": "403", "x-body": "denied", "x-grpc-status": "7" }, { endOfStream: true });
    expect(stream.localResponse).toMatchObject({ status: 403, grpc: false, grpcStatus: undefined, bodyText: "denied" });
    expect(stream.responseHeader("grpc-status")).toBeUndefined();
    expect(stream.responseHeader("content-type")).toBe("text/plain");
  });

  it("lets a second local reply, sent while the first is encoded, replace the response without callbacks", async () => {
    const { host, plugin } = await compat();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/", "x-op": "local-twice" }, { endOfStream: true });
    stream.complete();
    expect(stream.localResponse).toMatchObject({ status: 418, bodyText: "second", details: "compat_local" });
    expect(stream.responseHeader(":status")).toBe("418");
    expect(stream.responseHeader("x-compat")).toBe("second");
    expect(stream.responseBodyText).toBe("second");
    expect(host.logsAt("info")).toEqual(["sdk-compat: second local reply while the first is encoded"]);
  });

  it("refuses the foreign functions Envoy registers but the emulator does not emulate, naming each", async () => {
    const { host, plugin } = await compat();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/", "x-op": "foreign", "x-fn": "set_envoy_filter_state", "x-arg": "" }, { endOfStream: true });
    expect(stream.requestHeader("x-foreign")).toBe(`${WasmResult.Unimplemented}|`);
    expect(host.logsAt("error")).toEqual([
      'emulator: foreign function set_envoy_filter_state is registered by Envoy but not emulated; provide one with host.registerForeignFunction("set_envoy_filter_state", fn)',
    ]);
    expect(plugin.vm.unimplementedCalls).toEqual([{ name: "foreign:set_envoy_filter_state", contextId: stream.contextId }]);
  });

  it("lets a test provide a refused foreign function", async () => {
    const host = new Host();
    host.registerForeignFunction("expr_create", () => new Uint8Array([1, 0, 0, 0]));
    const { plugin } = await compat(host);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/", "x-op": "foreign", "x-fn": "expr_create", "x-arg": "true" }, { endOfStream: true });
    expect(stream.requestHeader("x-foreign")).toBe("0|01000000");
    expect(host.foreignCalls.map((c) => [c.name, new TextDecoder().decode(c.args)])).toEqual([["expr_create", "true"]]);
  });
});
