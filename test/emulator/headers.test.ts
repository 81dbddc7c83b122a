import { describe, expect, it } from "vitest";
import { decodePairs, encodePairs, MapType, WasmResult } from "../../src/emulator/index.ts";
import { hex, probe, result, results, unhex, unhexText } from "./helpers/probe.ts";

const REQ = MapType.HttpRequestHeaders;

describe("header maps", () => {
  it("get_header_map_value returns the first value (case-insensitive key) or NotFound", async () => {
    const { host, plugin } = await probe([`request_headers|get_header|${REQ}|X-Dup`, `request_headers|get_header|${REQ}|missing`]);
    plugin.newHttpStream().sendRequestHeaders([["x-dup", "first"], ["X-Dup", "second"]]);
    const [first, missing] = results(host, "get_header");
    expect([first.rc, unhexText(first.value)]).toEqual([WasmResult.Ok, "first"]);
    expect(missing.rc).toBe(WasmResult.NotFound);
  });

  it("lower-cases keys on add and replace; replace drops every old value", async () => {
    const { plugin } = await probe([
      `request_headers|add_header|${REQ}|X-Added|1`,
      `request_headers|add_header|${REQ}|x-added|2`,
      `request_headers|replace_header|${REQ}|X-Dup|only`,
      `request_headers|replace_header|${REQ}|X-New|fresh`,
      `request_headers|remove_header|${REQ}|absent`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders([[":path", "/"], ["x-dup", "a"], ["x-dup", "b"]]);
    expect(stream.requestHeaders).toEqual([
      [":path", "/"],
      ["x-added", "1"],
      ["x-added", "2"],
      ["x-dup", "only"],
      ["x-new", "fresh"],
    ]);
    expect(stream.requestHeader("X-NEW")).toBe("fresh");
  });

  it("remove_header removes every value and is Ok when absent", async () => {
    const { host, plugin } = await probe([`request_headers|remove_header|${REQ}|x-dup`, `request_headers|remove_header|${REQ}|nope`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders([["x-dup", "a"], ["x-dup", "b"], ["keep", "1"]]);
    expect(results(host, "remove_header").map((r) => r.rc)).toEqual([0, 0]);
    expect(stream.requestHeaders).toEqual([["keep", "1"]]);
  });

  it("get_header_map_pairs serializes the map; an empty map is ptr=0, len=0", async () => {
    const { host, plugin } = await probe([`request_headers|get_pairs|${REQ}`]);
    plugin.newHttpStream().sendRequestHeaders({ ":method": "GET", a: "1" });
    plugin.newHttpStream().sendRequestHeaders({});
    const [full, empty] = results(host, "get_pairs");
    expect(decodePairs(unhex(full.value))).toEqual([[":method", "GET"], ["a", "1"]]);
    expect([empty.rc, empty.value, empty.flag]).toEqual([0, "", "p0"]);
  });

  it("set_header_map_pairs replaces the map and lower-cases keys; malformed input clears it", async () => {
    const good = hex(encodePairs([["X-One", "1"], [":status", "200"]]));
    const { host, plugin } = await probe([`request_headers|set_pairs|${REQ}|${good}`, `response_headers|set_pairs|${MapType.HttpResponseHeaders}|0500000001`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ old: "x" });
    expect(stream.requestHeaders).toEqual([[":status", "200"], ["x-one", "1"]]);
    stream.sendResponseHeaders({ ":status": "200", server: "up" });
    expect(results(host, "set_pairs").map((r) => r.rc)).toEqual([0, 0]);
    expect(stream.responseHeaders).toEqual([]);
  });

  it("get_header_map_size is the sum of key and value bytes", async () => {
    const { host, plugin } = await probe([`request_headers|map_size|${REQ}`]);
    plugin.newHttpStream().sendRequestHeaders({ ":path": "/abc", "x-é": "12" });
    expect(result(host, "map_size").value).toBe(String(5 + 4 + 4 + 2));
  });

  it("rejects map types above 7", async () => {
    const { host, plugin } = await probe(["request_headers|get_pairs|8", "request_headers|get_header|9|a", "request_headers|add_header|8|a|b"]);
    plugin.newHttpStream().sendRequestHeaders({});
    expect(results(host).map((r) => r.rc)).toEqual([2, 2, 2]);
  });

  it("makes request headers unavailable (BadArgument) once the request continued", async () => {
    const { host, plugin } = await probe([
      `request_body|get_header|${REQ}|a`,
      `request_body|add_header|${REQ}|b|2`,
      `response_headers|get_pairs|${REQ}`,
      `response_headers|get_header|${MapType.HttpResponseHeaders}|server`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ a: "1" });
    stream.sendRequestBody("x", { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200", server: "envoy" });
    expect(results(host).map((r) => `${r.callback}:${r.op}:${r.rc}`)).toEqual([
      "request_body:get_header:2",
      "request_body:add_header:2",
      "response_headers:get_pairs:2",
      "response_headers:get_header:0",
    ]);
    expect(stream.requestHeaders).toEqual([["a", "1"]]);
  });

  it("keeps request headers reachable while the request is stopped at headers", async () => {
    const { host, plugin } = await probe(["request_headers|return|1", `request_body|get_header|${REQ}|a`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ a: "1" });
    expect(stream.paused.request).toBe(true);
    // The body is queued by Envoy while stopped at headers: the filter doesn't see it yet.
    stream.sendRequestBody("queued", { endOfStream: true });
    expect(results(host, "get_header")).toEqual([]);
  });

  it("in on_log, request headers and response headers/trailers are readable; request trailers NotFound; writes BadArgument", async () => {
    const { host, plugin } = await probe([
      `log|get_header|${REQ}|a`,
      `log|get_header|${MapType.HttpResponseHeaders}|:status`,
      `log|get_header|${MapType.HttpResponseTrailers}|t`,
      `log|get_header|${MapType.HttpRequestTrailers}|rt`,
      `log|get_pairs|${MapType.HttpRequestTrailers}`,
      `log|add_header|${REQ}|x|y`,
      `log|map_size|${REQ}`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ a: "1" });
    stream.sendRequestTrailers({ rt: "r" });
    stream.sendResponseHeaders({ ":status": "201" });
    stream.sendResponseTrailers({ t: "tv" });
    stream.complete();
    const r = results(host);
    expect(r.map((x) => x.rc)).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(r.slice(0, 3).map((x) => unhexText(x.value))).toEqual(["1", "201", "tv"]);
  });

  it("lets the last body callback create trailers that did not exist", async () => {
    const { host, plugin } = await probe([
      `request_body|add_header|${MapType.HttpRequestTrailers}|x-trailer|t1`,
      `response_body|get_header|${MapType.HttpResponseTrailers}|x`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendRequestBody("a", { endOfStream: false });
    stream.sendRequestBody("b", { endOfStream: true });
    expect(results(host, "add_header").map((r) => r.rc)).toEqual([WasmResult.BadArgument, WasmResult.Ok]);
    expect(stream.requestTrailers).toEqual([["x-trailer", "t1"]]);
    stream.sendResponseHeaders({ ":status": "200" });
    stream.sendResponseBody("r", { endOfStream: true });
    expect(result(host, "get_header").rc).toBe(WasmResult.BadArgument); // reads don't create them
  });

  it("trailers are live in their callback", async () => {
    const { host, plugin } = await probe([`request_trailers|replace_header|${MapType.HttpRequestTrailers}|grpc-status|0`, "request_trailers|return|1"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    expect(stream.sendRequestTrailers({ "grpc-status": "5" })).toBe(1);
    expect(result(host, "replace_header").rc).toBe(0);
    expect(stream.requestTrailers).toEqual([["grpc-status", "0"]]);
    expect(stream.paused.request).toBe(true);
  });
});
