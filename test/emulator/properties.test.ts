import { describe, expect, it } from "vitest";
import { decodePairs, uint64, WasmResult } from "../../src/emulator/index.ts";
import { hex, probe, results, unhex, unhexText } from "./helpers/probe.ts";

const path = (...segments: string[]) => hex(segments.join("\0"));
const int = (value: string) => new DataView(unhex(value).buffer).getBigInt64(0, true);

describe("properties", () => {
  it("serves stream defaults from the current request", async () => {
    const lookups = [
      ["request", "path"],
      ["request", "url_path"],
      ["request", "method"],
      ["request", "host"],
      ["request", "scheme"],
      ["request", "protocol"],
      ["request", "headers", "X-Multi"],
      ["source", "address"],
      ["destination", "address"],
      ["plugin_name"],
      ["plugin_root_id"],
      ["plugin_vm_id"],
    ];
    const { host, plugin } = await probe(lookups.map((p) => `request_headers|get_property|${path(...p)}`), { vm: { vmId: "my-vm" } });
    plugin.newHttpStream().sendRequestHeaders([
      [":method", "POST"],
      [":path", "/a/b?x=1"],
      [":authority", "example.com"],
      [":scheme", "https"],
      ["x-multi", "1"],
      ["x-multi", "2"],
    ]);
    const values = results(host, "get_property").map((r) => (r.rc === 0 ? unhexText(r.value) : `rc${r.rc}`));
    expect(values).toEqual(["/a/b?x=1", "/a/b", "POST", "example.com", "https", "HTTP/1.1", "1,2", "127.0.0.1:54321", "127.0.0.1:10000", "probe", "", "my-vm"]);
  });

  it("encodes ints as 8-byte LE (source.port) and uints (connection.id); maps as pairs", async () => {
    const { host, plugin } = await probe([
      `request_headers|get_property|${path("source", "port")}`,
      `request_headers|get_property|${path("connection", "id")}`,
      `request_headers|get_property|${path("request", "headers")}`,
    ]);
    plugin.newHttpStream().sendRequestHeaders({ a: "1" });
    const [port, id, headers] = results(host, "get_property");
    expect(int(port.value)).toBe(54321n);
    expect(unhex(id.value)).toHaveLength(8);
    expect(decodePairs(unhex(headers.value))).toEqual([["a", "1"]]);
  });

  it("tolerates a trailing NUL; a dotted single segment is NotFound; a wrapper is SerializationFailure", async () => {
    const { host, plugin } = await probe([
      `request_headers|get_property|${hex("request\0path\0")}`,
      `request_headers|get_property|${hex("request.path")}`,
      `request_headers|get_property|${hex("request")}`,
      `request_headers|get_property|${hex("nope")}`,
    ]);
    plugin.newHttpStream().sendRequestHeaders({ ":path": "/p" });
    const r = results(host, "get_property");
    expect(unhexText(r[0].value)).toBe("/p");
    expect(r.slice(1).map((x) => x.rc)).toEqual([WasmResult.NotFound, WasmResult.SerializationFailure, WasmResult.NotFound]);
  });

  it("set_property writes filter state readable under the same path; NotFound from a root context", async () => {
    const { host, plugin } = await probe([
      `configure|set_property|${hex("root.key")}|${hex("v")}`,
      `request_headers|set_property|${hex("my.key")}|${hex("value-1")}`,
      `response_headers|get_property|${hex("my.key")}`,
    ]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendResponseHeaders({ ":status": "200" });
    const [rootSet, set] = results(host, "set_property");
    expect(rootSet.rc).toBe(WasmResult.NotFound);
    expect(set.rc).toBe(WasmResult.Ok);
    expect(unhexText(results(host, "get_property")[0].value)).toBe("value-1");
    expect(unhexText(Buffer.from(stream.filterState.get("my.key")!).toString("hex"))).toBe("value-1");
  });

  it("applies host and stream overrides by dotted path; root contexts see plugin_* and host properties", async () => {
    const { host, plugin } = await probe(
      [
        `configure|get_property|${path("plugin_name")}`,
        `configure|get_property|${path("xds", "cluster_name")}`,
        `configure|get_property|${path("request", "path")}`,
        `request_headers|get_property|${path("source", "address")}`,
        `request_headers|get_property|${path("connection", "id")}`,
        `request_headers|get_property|${path("metadata", "k")}`,
      ],
      { host: { properties: { "xds.cluster_name": "outbound|80", "connection.id": uint64(42) } } },
    );
    plugin.newHttpStream({ properties: { "source.address": "10.0.0.1:443", metadata: { k: "v" } } }).sendRequestHeaders({});
    const r = results(host, "get_property");
    expect(unhexText(r[0].value)).toBe("probe");
    expect(unhexText(r[1].value)).toBe("outbound|80");
    expect(r[2].rc).toBe(WasmResult.NotFound);
    expect(unhexText(r[3].value)).toBe("10.0.0.1:443");
    expect(int(r[4].value)).toBe(42n);
    expect(unhexText(r[5].value)).toBe("v");
  });

  it("reads response.code once response headers exist", async () => {
    const { host, plugin } = await probe([`response_headers|get_property|${path("response", "code")}`]);
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders({});
    stream.sendResponseHeaders({ ":status": "404" });
    expect(int(results(host, "get_property")[0].value)).toBe(404n);
  });
});
