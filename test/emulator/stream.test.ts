import { describe, expect, it } from "vitest";
import { DataAction, encodePairs, GrpcStatus, HeadersAction, StreamType, WasmResult } from "../../src/emulator/index.ts";
import { calls, hex, probe, result, results } from "./helpers/probe.ts";

describe("HTTP stream lifecycle (Envoy order)", () => {
  it("creates the context at the first request headers and ends with on_log, on_done, on_delete", async () => {
    const { host, plugin } = await probe([]);
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.contextId).toBe(2);
    expect(calls(host)).toEqual([]);
    stream.sendRequestHeaders({ ":path": "/", a: "1" });
    stream.sendRequestBody("ab");
    stream.sendRequestBody("c", { endOfStream: false });
    stream.sendRequestTrailers({ t: "1" });
    stream.sendResponseHeaders({ ":status": "200" });
    stream.sendResponseBody("xyz", { endOfStream: true });
    stream.complete();
    stream.complete(); // idempotent
    expect(calls(host)).toEqual([
      "create(2,1)",
      "request_headers(2,2,0)",
      "request_body(2,2,0)",
      "request_body(2,1,0)",
      "request_trailers(2,1)",
      "response_headers(2,1,0)",
      "response_body(2,3,1)",
      "log(2)",
      "done(2)",
      "delete(2)",
    ]);
    expect(() => stream.sendRequestBody("late")).toThrow(/complete/);
  });

  it("a headers-only request gets end_of_stream=1 and no body call", async () => {
    const { host, plugin } = await probe([]);
    host.clearLogs();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({}, { endOfStream: true });
    expect(() => stream.sendRequestBody("x")).toThrow(/end of stream was already sent/);
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,0,1)"]);
  });

  it("complete() before any request headers makes no callbacks", async () => {
    const { host, plugin } = await probe([]);
    host.clearLogs();
    plugin.newHttpStream().complete();
    expect(calls(host)).toEqual([]);
  });

  it("clamps actions like Envoy: headers > 4 → 4, data > 3 → 3, trailers non-zero → 1", async () => {
    const { plugin } = await probe(["request_headers|return|7", "response_headers|return|0", "response_body|return|9", "response_trailers|return|5"]);
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(HeadersAction.StopAllIterationAndWatermark);
    expect(stream.sendResponseHeaders({ ":status": "200" })).toBe(HeadersAction.Continue);
    expect(stream.sendResponseBody("x")).toBe(DataAction.StopIterationNoBuffer);
    expect(stream.sendResponseTrailers({})).toBe(1);
  });

  it("ContinueAndEndStream is treated as Continue", async () => {
    const { host, plugin } = await probe(["request_headers|return|2", "request_body|get_header|0|a"]);
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({ a: "1" })).toBe(HeadersAction.ContinueAndEndStream);
    expect(stream.paused.request).toBe(false);
    stream.sendRequestBody("x", { endOfStream: true });
    expect(result(host, "get_header").rc).toBe(WasmResult.BadArgument);
  });
});

describe("pause and proxy_continue_stream", () => {
  it("queues the body while stopped at headers and delivers it after a deferred continue", async () => {
    const { host, plugin } = await probe(["request_headers|return|1", "response_headers|continue|0", "request_body|get_buffer|0|0|-1"]);
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(HeadersAction.StopIteration);
    expect(stream.paused).toEqual({ request: true, response: false });
    expect(stream.sendRequestBody("part1")).toBe(DataAction.StopIterationAndBuffer);
    expect(stream.sendRequestBody("part2", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    expect(calls(host)).not.toContain("request_body(2,10,1)");
    stream.sendResponseHeaders({ ":status": "200" });
    expect(stream.continued).toEqual([{ streamType: StreamType.Request, callback: "proxy_on_response_headers" }]);
    // Continue ran after on_response_headers returned, then the queued body arrived as one chunk.
    expect(calls(host).slice(-2)).toEqual(["response_headers(2,1,0)", "request_body(2,10,1)"]);
    expect(Buffer.from(result(host, "get_buffer").value, "hex").toString()).toBe("part1part2");
    expect(stream.paused.request).toBe(false);
    expect(stream.requestBodyText).toBe("part1part2");
  });

  it("allow_on_headers_stop_iteration: a headers StopIteration holds only the headers; the body reaches the filter and can be buffered", async () => {
    const { host, plugin } = await probe(
      ["request_headers|return|1", "request_body|return|1", "request_body|get_buffer|0|0|-1", "request_body|map_size|0", "response_headers|continue|0"],
      { plugin: { allowOnHeadersStopIteration: true } },
    );
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({ ":path": "/" })).toBe(HeadersAction.StopIteration);
    expect(stream.sendRequestBody("part1")).toBe(DataAction.StopIterationAndBuffer);
    expect(stream.sendRequestBody("part2", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    // Both chunks were delivered; the second call presented the accumulated body.
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,1,0)", "request_body(2,5,0)", "request_body(2,10,1)"]);
    expect(results(host, "get_buffer").map((r) => Buffer.from(r.value, "hex").toString())).toEqual(["part1", "part1part2"]);
    // The held headers stay readable in the body callbacks.
    expect(results(host, "map_size").map((r) => r.rc)).toEqual([WasmResult.Ok, WasmResult.Ok]);
    expect(stream.paused.request).toBe(true);
    stream.sendResponseHeaders({ ":status": "200" });
    expect(stream.paused.request).toBe(false);
    expect(stream.requestBodyText).toBe("part1part2");
  });

  it("allow_on_headers_stop_iteration: a body Continue lets the held headers go on with it; trailers reach the filter", async () => {
    const { host, plugin } = await probe(["request_headers|return|1", "request_body|return|0"], { plugin: { allowOnHeadersStopIteration: true } });
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(HeadersAction.StopIteration);
    expect(stream.sendRequestBody("x")).toBe(DataAction.Continue);
    expect(stream.paused.request).toBe(false);
    expect(stream.sendRequestTrailers({ t: "1" })).toBe(0);
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,0,0)", "request_body(2,1,0)", "request_trailers(2,1)"]);
  });

  it("allow_on_headers_stop_iteration does not change StopAllIteration (3, 4): the body still queues", async () => {
    const { host, plugin } = await probe(["request_headers|return|3"], { plugin: { allowOnHeadersStopIteration: true } });
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(HeadersAction.StopAllIterationAndBuffer);
    expect(stream.sendRequestBody("x", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,0,0)"]);
  });

  it("without allow_on_headers_stop_iteration the body waits for continue (Envoy's default)", async () => {
    const { host, plugin } = await probe(["request_headers|return|1"], { plugin: { allowOnHeadersStopIteration: false } });
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(plugin.allowOnHeadersStopIteration).toBe(false);
    stream.sendRequestHeaders({});
    expect(stream.sendRequestBody("x", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,0,0)"]);
  });

  it("continue in the callback that paused resumes once that callback has returned", async () => {
    const { host, plugin } = await probe(["request_headers|return|1", "request_headers|continue|0"]);
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({})).toBe(HeadersAction.StopIteration);
    expect(result(host, "continue").rc).toBe(WasmResult.Ok);
    expect(stream.paused.request).toBe(false);
  });

  it("continue resumes a body held with StopIterationAndBuffer", async () => {
    const { plugin } = await probe(["request_body|return|1", "response_headers|continue|0"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendRequestBody("held", { endOfStream: true });
    expect(stream.paused.request).toBe(true);
    stream.sendResponseHeaders({ ":status": "200" });
    expect(stream.paused.request).toBe(false);
    expect(stream.requestBodyText).toBe("held");
  });

  it("Upstream gives Unimplemented, Downstream Ok, > 3 BadArgument", async () => {
    const { host, plugin } = await probe(["request_headers|continue|3", "request_headers|continue|2", "request_headers|continue|4", "request_headers|close|4"]);
    plugin.newHttpStream().sendRequestHeaders({});
    expect(results(host).map((r) => r.rc)).toEqual([WasmResult.Unimplemented, WasmResult.Ok, WasmResult.BadArgument, WasmResult.BadArgument]);
  });

  it("close_stream resets the stream; Envoy delivers nothing more", async () => {
    const { host, plugin } = await probe(["request_headers|close|0"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    expect(result(host, "close").rc).toBe(0);
    expect(stream.closed).toEqual([{ streamType: StreamType.Request, callback: "proxy_on_request_headers" }]);
    expect(stream.reset).toBe(true);
    expect(() => stream.sendRequestBody("x")).toThrow(/reset by proxy_close_stream/);
    stream.complete();
  });

  it("continue/close from a root context do nothing and return Ok", async () => {
    const { host } = await probe(["configure|continue|0", "configure|close|1"]);
    expect(results(host).map((r) => r.rc)).toEqual([0, 0]);
  });
});

describe("proxy_send_local_response", () => {
  const headers = hex(encodePairs([["X-Reason", "denied"]]));

  it("answers after the callback returns, through the response path, and stops the request", async () => {
    const { host, plugin } = await probe([`request_headers|local_response|403|access denied\tnow|forbidden!|${headers}|-1`, "request_headers|return|0"]);
    host.clearLogs();
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({ ":path": "/admin" })).toBe(HeadersAction.StopIteration);
    expect(result(host, "local_response").rc).toBe(WasmResult.Ok);
    expect(stream.localResponse).toEqual({
      status: 403,
      requestedStatus: 403,
      grpc: false,
      body: new TextEncoder().encode("forbidden!"),
      bodyText: "forbidden!",
      headers: [["x-reason", "denied"]],
      details: "access_denied_now",
      grpcStatus: undefined,
    });
    expect(calls(host)).toEqual(["create(2,1)", "request_headers(2,1,0)", "response_headers(2,4,0)", "response_body(2,10,1)"]);
    expect(stream.responseHeaders).toEqual([
      [":status", "403"],
      ["x-reason", "denied"],
      ["content-length", "10"],
      ["content-type", "text/plain"],
    ]);
    expect(stream.responseBodyText).toBe("forbidden!");
    expect(stream.paused.request).toBe(true);
    expect(stream.sendRequestBody("ignored", { endOfStream: true })).toBe(DataAction.StopIterationNoBuffer);
    expect(calls(host)).not.toContain("request_body(2,7,1)");
    expect(() => stream.sendResponseHeaders({ ":status": "200" })).toThrow(/local reply/);
  });

  it("lets the filter see and mutate its own local reply in on_response_headers (a gRPC request's)", async () => {
    const { plugin } = await probe([`request_headers|local_response|200||||14`, "response_headers|add_header|2|x-seen|yes"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/svc/M", "content-type": "application/grpc" }, { endOfStream: true });
    expect(stream.localResponse?.grpcStatus).toBe(GrpcStatus.Unavailable);
    expect(stream.responseHeaders).toEqual([[":status", "200"], ["content-type", "application/grpc"], ["grpc-status", "14"], ["x-seen", "yes"]]);
  });

  it("drops the gRPC status of a plain request's local reply, as Envoy does", async () => {
    const { plugin } = await probe([`request_headers|local_response|200||||14`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({ ":path": "/" }, { endOfStream: true });
    expect(stream.localResponse?.grpcStatus).toBeUndefined();
    expect(stream.responseHeaders).toEqual([[":status", "200"]]);
  });

  it("from a root context does nothing but returns Ok", async () => {
    const { host } = await probe([`configure|local_response|500|x|y||-1`]);
    expect(result(host, "local_response").rc).toBe(WasmResult.Ok);
  });

  it("sent from on_response_headers replaces the upstream response", async () => {
    const { host, plugin } = await probe([`response_headers|local_response|502|bad upstream|nope||-1`]);
    host.clearLogs();
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({}, { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200", server: "up" });
    expect(stream.localResponse?.status).toBe(502);
    expect(stream.responseHeader(":status")).toBe("502");
    expect(stream.responseHeader("server")).toBeUndefined();
    expect(stream.responseBodyText).toBe("nope");
    expect(calls(host).filter((c) => c.startsWith("response"))).toEqual(["response_headers(2,2,0)"]);
  });
});
