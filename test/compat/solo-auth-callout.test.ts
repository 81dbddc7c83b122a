// A proxy-runtime-style external-authorization filter (its httpCall + callback API, only its
// imports changed) on the envoy-as solo facade: build/test/solo-auth-callout.wasm through the
// emulator's HTTP clusters.
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { HeadersAction, Host, type Plugin } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/solo-auth-callout.wasm");
const GET = { ":method": "GET", ":path": "/doc", ":authority": "example.com", authorization: "Bearer t" };

let host: Host;
let plugin: Plugin;

beforeEach(async () => {
  host = new Host();
  const vm = await host.loadVm(WASM);
  plugin = vm.createPlugin({ rootId: "solo-auth-callout", configuration: "auth" });
});

describe("solo-auth-callout (proxy-runtime httpCall API)", () => {
  it("sends the request headers to the auth cluster; a 200 resumes the request with x-auth", () => {
    host.setClusterHandler("auth", (call) => (call.header("authorization") === "Bearer t" ? { status: 200, body: "ok" } : { status: 401 }));
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders(GET, { endOfStream: true })).toBe(HeadersAction.StopIteration);
    const [call] = host.httpCalls;
    expect(call.cluster).toBe("auth");
    expect(call.header(":path")).toBe("/doc");
    expect(call.timeoutMs).toBe(1000);
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-auth")).toBe("authorized");
    // The callback read the response through stream_context.headers.http_callback and get_buffer_bytes.
    expect(host.logsAt("info")).toContain("solo-auth-callout: status 200 body ok");
  });

  it("anything but 200 answers 403 (the gRPC status Unauthenticated is dropped for a plain request, as in Envoy)", () => {
    host.setClusterHandler("auth", () => ({ status: 401, body: "no" }));
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders(GET, { endOfStream: true });
    expect(stream.localResponse).toMatchObject({ status: 403, bodyText: "not authorized", details: "not_authorized", grpcStatus: undefined });
    expect(stream.responseHeader("grpc-status")).toBeUndefined();
    expect(stream.requestHeader("x-auth")).toBeUndefined();
  });

  it("a failed call (reset) reaches the callback with headers 0 and denies", () => {
    host.setClusterHandler("auth", () => "reset");
    const stream = plugin.newHttpStream();
    stream.sendRequestHeaders(GET, { endOfStream: true });
    expect(host.logsAt("warn")).toContain("solo-auth-callout: auth call failed");
    expect(stream.localResponse?.status).toBe(403);
  });

  it("an unknown cluster is refused at once: 500 and the host's result logged", async () => {
    const vm = await host.loadVm(WASM);
    const p = vm.createPlugin({ rootId: "solo-auth-callout", configuration: "nowhere" });
    const stream = p.newHttpStream();
    stream.sendRequestHeaders(GET, { endOfStream: true });
    expect(stream.localResponse?.status).toBe(500);
    expect(host.logsAt("error")).toContain("solo-auth-callout: http call failed: 2");
  });
});
