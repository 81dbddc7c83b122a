import { describe, expect, it } from "vitest";
import { BufferType, DataAction, WasmResult } from "../../src/emulator/index.ts";
import { editBuffer } from "../../src/emulator/imports/buffers.ts";
import { hex, probe, result, results, unhexText } from "./helpers/probe.ts";

const REQ = BufferType.HttpRequestBody;
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("set_buffer_bytes edit rule (Envoy)", () => {
  const buf = bytes("hello world");
  it("start=0 drops the first len bytes then prepends", () => {
    expect(text(editBuffer(buf, 0, 5, bytes("HOWDY"))!)).toBe("HOWDY world");
    expect(text(editBuffer(buf, 0, 0, bytes(">> "))!)).toBe(">> hello world");
    expect(text(editBuffer(buf, 0, 999, bytes("all"))!)).toBe("all");
  });
  it("start ≥ size appends; anything else is refused", () => {
    expect(text(editBuffer(buf, 11, 0, bytes("!"))!)).toBe("hello world!");
    expect(text(editBuffer(buf, 50, 3, bytes("!"))!)).toBe("hello world!");
    expect(editBuffer(buf, 3, 2, bytes("x"))).toBeUndefined();
  });
});

describe("buffers", () => {
  it("get_buffer_bytes clamps the range; out of range is Ok and empty", async () => {
    const { host, plugin } = await probe([`request_body|get_buffer|${REQ}|6|100`, `request_body|get_buffer|${REQ}|0|-1`, `request_body|get_buffer|${REQ}|50|4`, "request_body|get_buffer|9|0|1"]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendRequestBody("hello world", { endOfStream: true });
    const [tail, all, out, bad] = results(host, "get_buffer");
    expect(unhexText(tail.value)).toBe("world");
    expect(unhexText(all.value)).toBe("hello world");
    expect([out.rc, out.value, out.flag]).toEqual([0, "", "p0"]);
    expect(bad.rc).toBe(WasmResult.BadArgument);
  });

  it("set_buffer_bytes mutates the body the host holds; a middle edit is BadArgument", async () => {
    const { host, plugin } = await probe([
      `request_body|set_buffer|${REQ}|0|5|${hex("HOWDY")}`,
      `request_body|set_buffer|${REQ}|99|0|${hex("!")}`,
      `request_body|set_buffer|${REQ}|3|1|${hex("x")}`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendRequestBody("hello world", { endOfStream: true });
    expect(results(host, "set_buffer").map((r) => r.rc)).toEqual([0, 0, 2]);
    expect(stream.requestBodyText).toBe("HOWDY world!");
  });

  it("bodies are NotFound outside their callbacks; get_buffer_status reports length and flags 0", async () => {
    const { host, plugin } = await probe([`request_headers|get_buffer|${REQ}|0|10`, `request_body|buffer_status|${REQ}`, `response_body|get_buffer|${REQ}|0|10`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendRequestBody("12345", { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200" });
    stream.sendResponseBody("r", { endOfStream: true });
    expect(results(host).map((r) => `${r.op}:${r.rc}:${r.value}:${r.flag}`)).toEqual(["get_buffer:1::", "buffer_status:0:5:0", "get_buffer:1::"]);
  });

  it("after StopIterationAndBuffer the next call presents the accumulated body", async () => {
    const { host, plugin } = await probe(["request_body|return|1", `request_body|get_buffer|${REQ}|0|-1`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    expect(stream.sendRequestBody("abc")).toBe(DataAction.StopIterationAndBuffer);
    expect(stream.sendRequestBody("def")).toBe(DataAction.StopIterationAndBuffer);
    expect(stream.sendRequestBody("gh", { endOfStream: true })).toBe(DataAction.StopIterationAndBuffer);
    const sizes = host.logsAt("info").filter((l) => l.startsWith("request_body|called"));
    expect(sizes).toEqual(["request_body|called|2,3,0", "request_body|called|2,6,0", "request_body|called|2,8,1"]);
    expect(results(host, "get_buffer").map((r) => unhexText(r.value))).toEqual(["abc", "abcdef", "abcdefgh"]);
    expect(stream.requestBodyText).toBe("abcdefgh");
    expect(stream.paused.request).toBe(true);
  });

  it("Continue passes each chunk on; sizes are per chunk", async () => {
    const { host, plugin } = await probe([]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    expect(stream.sendRequestBody("abc")).toBe(DataAction.Continue);
    stream.sendRequestBody("de", { endOfStream: true });
    expect(host.logsAt("info").filter((l) => l.startsWith("request_body"))).toEqual(["request_body|called|2,3,0", "request_body|called|2,2,1"]);
    expect(stream.requestBodyText).toBe("abcde");
  });

  it("plugin configuration is readable only in root on_context_create and on_configure", async () => {
    const PC = BufferType.PluginConfiguration;
    const plan = [`root_create|get_buffer|${PC}|0|4`, `vm_start|get_buffer|${PC}|0|4`, `configure|get_buffer|${PC}|0|4`, `request_headers|get_buffer|${PC}|0|4`];
    const { host, plugin } = await probe(plan);
    plugin.newHttpStream().sendRequestHeaders({});
    const r = results(host, "get_buffer");
    expect(r.map((x) => x.rc)).toEqual([0, 1, 0, 1]);
    expect(unhexText(r[0].value)).toBe(plan.join("\n").slice(0, 4));
  });

  it("VM configuration is always readable and read-only", async () => {
    const VC = BufferType.VmConfiguration;
    const { host, plugin } = await probe([`request_headers|get_buffer|${VC}|0|-1`, `request_headers|set_buffer|${VC}|0|0|${hex("x")}`], { vm: { vmConfiguration: "vm-config" } });
    plugin.newHttpStream().sendRequestHeaders({});
    expect(unhexText(result(host, "get_buffer").value)).toBe("vm-config");
    expect(result(host, "set_buffer").rc).toBe(WasmResult.BadArgument);
  });
});
