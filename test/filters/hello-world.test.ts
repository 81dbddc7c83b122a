// hello-world end to end in the emulator: the same build/hello-world.wasm Envoy serves.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigureRejected, HeadersAction, Host } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/hello-world.wasm");

async function plugin(configuration: unknown) {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, vm, plugin: vm.createPlugin({ rootId: "hello-world", configuration: configuration as object }) };
}

describe("hello-world", () => {
  it("adds the configured response header and logs the request path", async () => {
    const { host, plugin: p } = await plugin({ header: "X-Greeting", value: "hi there" });
    const stream = p.newHttpStream();
    expect(stream.sendRequestHeaders({ ":method": "GET", ":path": "/hello?x=1", ":authority": "demo" }, { endOfStream: true })).toBe(HeadersAction.Continue);
    expect(stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true })).toBe(HeadersAction.Continue);
    stream.complete();
    expect(stream.responseHeader("x-greeting")).toBe("hi there");
    expect(host.logsAt("info")).toEqual(["hello-world: /hello?x=1"]);
  });

  it("defaults to x-hello: world with an empty configuration", async () => {
    const { plugin: p } = await plugin("");
    const stream = p.newHttpStream();
    stream.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "demo" }, { endOfStream: true });
    stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    expect(stream.responseHeader("x-hello")).toBe("world");
  });

  it.each([
    ["not JSON", "{header:", "hello-world: configuration is not valid JSON: expected a string key at offset 1"],
    ["not an object", "[1]", "hello-world: configuration must be a JSON object, got array"],
    ["an invalid header name", { header: "bad header" }, "hello-world: header: must be a valid HTTP header name"],
    ["a value with CR/LF", { value: "a\r\nx-injected: 1" }, "hello-world: value: must be a string without CR, LF or NUL"],
    ["an unknown field", { heder: "x" }, "hello-world: heder: unknown field (expected header, value)"],
  ])("rejects %s with a message naming the field", async (_name, configuration, message) => {
    const error = await plugin(configuration).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigureRejected);
    expect(error.message).toContain(message);
  });
});
