// gRPC callouts from a filter through a real Envoy to a real gRPC server (grpc-js, HTTP/2
// cluster on 127.0.0.1): a unary authorization call that resumes or denies the request, and a
// bidirectional echo stream. Same module and cases as test/sdk/grpc.test.ts on the emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { startGrpcServer, type TestGrpcServer } from "./support/grpc-server.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const WASM = "test/grpc-callout.wasm";

describe.skipIf(MODE !== "local")("gRPC callouts through Envoy [local]", () => {
  let grpcServer: TestGrpcServer;
  let echo: EchoServer;
  let envoy: RunningEnvoy;

  beforeAll(async () => {
    requireWasm(WASM);
    grpcServer = await startGrpcServer();
    echo = await startEcho();
    envoy = await startEnvoy({
      filters: [{ name: "grpc-callout", wasmPath: `${BUILD_DIR}/${WASM}`, configuration: { cluster: "grpc" }, failurePolicy: "FAIL_CLOSED" }],
      upstream: { host: "127.0.0.1", port: echo.port },
      clusters: [{ name: "grpc", host: "127.0.0.1", port: grpcServer.port, http2: true }],
      accessLog: true,
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await envoy?.stop();
    await echo?.close();
    await grpcServer?.close();
  });

  it("a unary call's 'allow' resumes the request; its message and metadata reach the server", async () => {
    const res = await fetch(`${envoy.listenerUrl}/public/page`);
    expect(res.status).toBe(200);
    const seen = (await res.json()) as { headers: Record<string, string> };
    expect(seen.headers["x-grpc-verdict"]).toBe("allow");
    const call = grpcServer.seen.find((c) => c.method === "Check" && c.message === "/public/page");
    expect(call?.metadata["x-client"]).toBe("envoy-as");
  });

  it("a 'deny' answer becomes the filter's 403", async () => {
    const res = await fetch(`${envoy.listenerUrl}/admin/panel`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("denied by grpc");
    expect(res.headers.get("x-grpc-verdict")).toBe("deny");
  });

  it("a stream echoes every message with initial and trailing metadata, then closes OK", async () => {
    const res = await fetch(`${envoy.listenerUrl}/stream`, { headers: { "x-grpc": "stream", "x-grpc-count": "5" } });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as { headers: Record<string, string> };
    expect(headers["x-grpc-echoed"]).toBe("5");
    expect(headers["x-grpc-last"]).toBe("echo:msg-5");
    expect(headers["x-grpc-initial"]).toBe("hello");
    expect(headers["x-grpc-trailer"]).toBe("5");
    // Status Ok; Envoy 1.40 also hands over a message (grpc-js sends grpc-message "OK", and Envoy
    // reports "OK{via_upstream}" through proxy_get_status).
    expect(headers["x-grpc-close"]).toMatch(/^0( |$)/);
    expect(grpcServer.seen.find((c) => c.method === "Chat")?.messages).toEqual(["msg-1", "msg-2", "msg-3", "msg-4", "msg-5"]);
  });

  it("cancel: Ok then NotFound; an unknown cluster's result is reported", async () => {
    const cancel = (await (await fetch(`${envoy.listenerUrl}/c`, { headers: { "x-grpc": "cancel" } })).json()) as { headers: Record<string, string> };
    expect(cancel.headers["x-grpc-cancel"]).toBe("0,1");
    const unknown = (await (await fetch(`${envoy.listenerUrl}/u`, { headers: { "x-grpc": "unknown-cluster" } })).json()) as { headers: Record<string, string> };
    // Recorded as Envoy answers it; the emulator follows docs/abi.md (ParseFailure = 4).
    console.log(`Envoy: proxy_grpc_call to an unknown cluster -> result,token = ${unknown.headers["x-grpc-result"]}`);
    expect(unknown.headers["x-grpc-result"]).toMatch(/^\d+,0$/);
    expect(unknown.headers["x-grpc-result"]).not.toBe("0,0");
  });
});
