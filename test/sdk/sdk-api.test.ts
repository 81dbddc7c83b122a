// The guest SDK's core API, run through the host emulator on the same module Envoy loads
// (build/test/sdk-api.wasm, built by `npm test` before vitest runs).
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { DataAction, HeadersAction, Host, type Plugin } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/sdk-api.wasm");
const GET = { ":method": "GET", ":path": "/things?id=7", ":authority": "example.com", ":scheme": "http" };

let host: Host;
let plugin: Plugin;

beforeEach(async () => {
  host = new Host();
  const vm = await host.loadVm(WASM, { vmConfiguration: "vm-config-text" });
  plugin = vm.createPlugin({ rootId: "sdk-api", configuration: { hello: "there" } });
});

function request(op: string, extra: Record<string, string> | [string, string][] = {}) {
  const stream = plugin.newHttpStream();
  const headers: [string, string][] = [...Object.entries(GET), ["x-op", op], ...(Array.isArray(extra) ? extra : Object.entries(extra))];
  return { stream, action: stream.sendRequestHeaders(headers, { endOfStream: true }) };
}

describe("root context", () => {
  it("gets the VM and plugin configurations", () => {
    expect(host.logsAt("info")).toContain("sdk-api: vm started with 14 bytes of vm configuration");
    expect(host.logsAt("info")).toContain('sdk-api: configured with {"hello":"there"}');
    const { stream } = request("vm-config");
    expect(stream.requestHeader("x-vm-config")).toBe("vm-config-text");
  });
});

describe("header maps", () => {
  it("get, getAll, set, add, remove, has, byteSize act on the request headers", () => {
    const { stream, action } = request("headers", [["x-multi", "a"], ["x-multi", "b"], ["x-remove-me", "gone"]]);
    expect(action).toBe(HeadersAction.Continue);
    expect(stream.requestHeader("x-count")).toBe("8");
    expect(stream.requestHeader("x-multi-all")).toBe("a,b");
    expect(stream.requestHeader("x-multi-first")).toBe("a");
    expect(stream.requestHeader("x-missing")).toBe("null");
    expect(stream.requestHeaders.filter(([k]) => k === "x-added").map(([, v]) => v)).toEqual(["one", "two"]);
    expect(stream.requestHeader("x-mixed-case")).toBe("lowered");
    expect(stream.requestHeader("x-remove-me")).toBeUndefined();
    expect(stream.requestHeader("x-has-multi")).toBe("yes");
    // Envoy's size: the sum of name and value bytes at that moment.
    const sizeAt = Number(stream.requestHeader("x-byte-size"));
    expect(sizeAt).toBeGreaterThan(60);
  });

  it("pairs() reads the whole map and setPairs() replaces it", () => {
    const { stream } = request("pairs");
    expect(stream.requestHeader(":path")).toBe("/replaced");
    expect(stream.requestHeader("x-only")).toBe("this");
    expect(stream.requestHeader("x-op")).toBeUndefined();
    expect(stream.requestHeader("x-before")).toBe("_method=GET;_path=/things?id=7;_authority=example.com;_scheme=http;x-op=pairs");
  });

  it("sets response headers in the response phase", () => {
    const { stream } = request("headers");
    stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    expect(stream.responseHeader("x-sdk-op")).toBe("headers");
  });
});

describe("bodies", () => {
  it("buffers until end of stream, then reads ranges and replaces, prepends and appends", () => {
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ...GET, ":method": "POST", "x-op": "body" });
    expect(stream.sendRequestBody("hel", { endOfStream: false })).toBe(DataAction.StopIterationAndBuffer);
    expect(stream.sendRequestBody("lo world", { endOfStream: true })).toBe(DataAction.Continue);
    expect(host.logsAt("info")).toContain("sdk-api: body hello world part llo size 11");
    expect(stream.requestBodyText).toBe("[<hello world>]");
  });
});

describe("stream control", () => {
  it("sends a local response with status, body, headers and details", () => {
    const { stream, action } = request("local-reply");
    expect(action).not.toBe(HeadersAction.Continue);
    const reply = stream.localResponse!;
    expect(reply.status).toBe(418);
    expect(reply.bodyText).toBe("short and stout");
    expect(reply.headers).toContainEqual(["x-teapot", "yes"]);
    expect(reply.details).toBe("i_am_a_teapot");
    // Like Envoy, the local reply passes through the filter's response path.
    expect(stream.responseHeader("x-sdk-op")).toBe("local-reply");
  });

  it("pausing at headers holds the body back from the filter, as Envoy's StopAllIteration does", () => {
    const stream = plugin.newHttpStream();
    const action = stream.sendRequestHeaders({ ...GET, ":method": "POST", "x-op": "pause" });
    expect(action).toBe(HeadersAction.StopIteration);
    expect(stream.paused.request).toBe(true);
    expect(stream.sendRequestBody("abc", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    expect(host.logsAt("info").filter((l) => l.startsWith("sdk-api: resuming"))).toEqual([]);
    expect(stream.continued).toHaveLength(0);
  });
});

describe("properties", () => {
  it("reads strings and integers by path, misses unknown paths, and round-trips filter state", () => {
    const { stream } = request("properties");
    expect(stream.requestHeader("x-prop-path")).toBe("/things?id=7");
    expect(stream.requestHeader("x-prop-port")).toBe("54321");
    expect(stream.requestHeader("x-prop-missing")).toBe("null");
    expect(stream.requestHeader("x-prop-set")).toBe("ok");
    expect(stream.requestHeader("x-prop-back")).toBe("kept");
  });
});

describe("logging and time", () => {
  it("logs at every level and reads the host's log level", () => {
    request("log");
    for (const level of ["trace", "debug", "info", "warn", "error", "critical"] as const) {
      expect(host.logsAt(level)).toContain(`sdk-api: ${level}`);
    }
    expect(host.logsAt("info")).toContain("sdk-api: level is 0");
  });

  it("reads the host's clock", () => {
    host.advanceTime(1500);
    const { stream } = request("time");
    expect(BigInt(stream.requestHeader("x-time-ns")!)).toBe(host.clock());
  });
});

describe("lifecycle and memory", () => {
  it("calls onLog then onDelete, and leaves no host block pinned", () => {
    const { stream } = request("headers", [["x-multi", "a"]]);
    stream.sendResponseHeaders({ ":status": "204" }, { endOfStream: true });
    stream.complete();
    const info = host.logsAt("info");
    expect(info).toContain("sdk-api: log headers status 204");
    expect(host.logsAt("debug")).toContain(`sdk-api: deleted ${stream.contextId}`);
    expect(plugin.context.vm.hostBlocksInUse()).toBe(0);
  });

  it("keeps linear memory flat over many requests", () => {
    const vm = plugin.context.vm;
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        const { stream } = request("headers", [["x-multi", "a"], ["x-multi", "b"]]);
        stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
        stream.complete();
      }
    };
    run(200);
    const warm = vm.memoryBytes();
    run(2000);
    expect(vm.memoryBytes()).toBe(warm);
    expect(vm.hostBlocksInUse()).toBe(0);
  });
});
