// gRPC callouts from the guest SDK (grpcCall / grpcStream) through the emulator's gRPC
// clusters, on build/test/grpc-callout.wasm — the module the Envoy e2e test loads too.
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { GrpcStatus, HeadersAction, Host, type Plugin } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/grpc-callout.wasm");
const GET = { ":method": "GET", ":authority": "example.com", ":scheme": "http" };

let host: Host;
let plugin: Plugin;

beforeEach(async () => {
  host = new Host();
  const vm = await host.loadVm(WASM);
  plugin = vm.createPlugin({ rootId: "grpc-callout", configuration: { cluster: "authz" } });
});

function get(path: string, extra: Record<string, string> = {}) {
  const stream = plugin.newHttpStream();
  const action = stream.sendRequestHeaders({ ...GET, ":path": path, ...extra }, { endOfStream: true });
  return { stream, action };
}

describe("unary gRPC call", () => {
  it("sends service, method, metadata and message; an 'allow' reply resumes the request", () => {
    host.grpc.register("authz", { unary: (call) => (call.messageText.startsWith("/admin") ? "deny" : "allow") });
    const { stream, action } = get("/public/page");
    expect(action).toBe(HeadersAction.StopIteration);
    const [call] = host.grpc.calls;
    expect(call.token).toBe(5); // gRPC call tokens: ≡1 mod 4, from 5
    expect(call.path).toBe("/envoyas.test.Authz/Check");
    expect(call.metadata).toEqual([["x-client", "envoy-as"]]);
    expect(call.timeoutMs).toBe(5000);
    expect(stream.paused.request).toBe(false);
    expect(stream.continued.map((c) => c.callback)).toEqual(["proxy_on_grpc_receive"]);
    expect(stream.requestHeader("x-grpc-verdict")).toBe("allow");
    expect(stream.localResponse).toBeUndefined();
  });

  it("answers 403 locally when the server says deny", () => {
    host.grpc.register("authz", { unary: () => "deny" });
    const { stream } = get("/admin");
    expect(stream.localResponse).toMatchObject({ status: 403, bodyText: "denied by grpc", details: "grpc_denied" });
    expect(stream.responseHeader("x-grpc-verdict")).toBe("deny");
  });

  it("stays paused until a deferred reply arrives, then resumes", () => {
    host.grpc.register("authz", { unary: () => undefined });
    const { stream } = get("/later");
    expect(stream.paused.request).toBe(true);
    expect(host.grpc.pendingCalls).toHaveLength(1);
    host.grpc.pendingCalls[0].respond("allow");
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-grpc-verdict")).toBe("allow");
    // Each call gets its own token.
    get("/second");
    expect(host.grpc.calls.map((c) => c.token)).toEqual([5, 9]);
  });

  it("reports a failure's status and message (proxy_get_status) to the callback", () => {
    host.grpc.register("authz", { unary: () => ({ status: GrpcStatus.Unavailable, message: "no healthy upstream" }) });
    const { stream } = get("/x");
    expect(stream.localResponse).toMatchObject({ status: 503, bodyText: "grpc error 14: no healthy upstream" });
    expect(host.logsAt("warn")).toContain("grpc-callout: call failed 14 no healthy upstream");
  });

  it("a cancelled call never calls back; a second cancel is NotFound", () => {
    let answered = 0;
    host.grpc.register("authz", { unary: () => (answered++, "allow") });
    const { stream, action } = get("/c", { "x-grpc": "cancel" });
    expect(action).toBe(HeadersAction.Continue);
    expect(stream.requestHeader("x-grpc-cancel")).toBe("0,1"); // Ok, then NotFound
    expect(answered).toBe(1);
    expect(host.grpc.calls[0].cancelled).toBe(true);
    expect(host.logsAt("info").filter((l) => l.includes("verdict"))).toEqual([]);
  });

  it("an unknown cluster is ParseFailure with token 0 (and no call reaches any server)", () => {
    const { stream } = get("/u", { "x-grpc": "unknown-cluster" });
    expect(stream.requestHeader("x-grpc-result")).toBe("4,0");
    expect(host.grpc.calls).toHaveLength(0);
  });

  it("a registered cluster without a unary handler fails the call with Unimplemented", () => {
    host.grpc.register("authz", {});
    const { stream } = get("/x");
    expect(stream.localResponse?.bodyText).toBe("grpc error 12: unimplemented");
  });
});

describe("gRPC stream", () => {
  function echoServer() {
    host.grpc.register("authz", {
      stream: (s) => {
        s.sendInitialMetadata({ "x-echo-init": "hello" });
        s.onMessage = (m) => s.sendMessage(`echo:${new TextDecoder().decode(m)}`);
        s.onHalfClose = () => {
          s.sendTrailingMetadata({ "x-echo-trailer": String(s.received.length) });
          s.close(GrpcStatus.Ok);
        };
      },
    });
  }

  it("sends messages with end_stream and gets initial metadata, echoes, trailers and close in order", () => {
    echoServer();
    const { stream, action } = get("/s", { "x-grpc": "stream", "x-grpc-count": "4" });
    expect(action).toBe(HeadersAction.StopIteration);
    const [server] = host.grpc.streams;
    expect(server.token).toBe(6); // stream tokens: ≡2 mod 4, from 6
    expect(server.path).toBe("/envoyas.test.Echo/Chat");
    expect(server.metadata).toEqual([["x-client", "envoy-as"]]);
    expect(server.receivedText).toEqual(["msg-1", "msg-2", "msg-3", "msg-4"]);
    expect(server.halfClosed).toBe(true);
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-grpc-echoed")).toBe("4");
    expect(stream.requestHeader("x-grpc-last")).toBe("echo:msg-4");
    expect(stream.requestHeader("x-grpc-initial")).toBe("hello");
    expect(stream.requestHeader("x-grpc-trailer")).toBe("4");
    expect(stream.requestHeader("x-grpc-close")).toBe("0");
    expect(host.logsAt("info")).toContain("grpc-callout: stream closed 0 after 4 echoes");
  });

  it("close() half-closes an empty stream; a server error reaches onClose with its message", () => {
    host.grpc.register("authz", { stream: (s) => (s.onHalfClose = () => s.close(GrpcStatus.PermissionDenied, "go away")) });
    const { stream } = get("/s", { "x-grpc": "stream", "x-grpc-count": "0" });
    expect(host.grpc.streams[0].halfClosed).toBe(true);
    expect(stream.requestHeader("x-grpc-echoed")).toBe("0");
    expect(stream.requestHeader("x-grpc-close")).toBe("7 go away");
  });

  it("the server can drive the stream later, from outside any callback", () => {
    host.grpc.register("authz", { stream: () => {} });
    const { stream } = get("/s", { "x-grpc": "stream", "x-grpc-count": "1" });
    expect(stream.paused.request).toBe(true);
    const server = host.grpc.streams[0];
    server.sendMessage("late");
    expect(stream.paused.request).toBe(true);
    server.close(GrpcStatus.Ok);
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-grpc-last")).toBe("late");
  });
});
