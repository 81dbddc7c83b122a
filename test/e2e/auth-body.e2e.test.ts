// auth ext-authz with the request body (ext_authz.with_request_body) through a real Envoy, with the
// PluginConfig flag allow_on_headers_stop_iteration: true that the feature requires. The
// authorization service is a real local HTTP server (an Envoy cluster) that allows only when the
// body it receives contains "ok".
import type { IncomingMessage, ServerResponse } from "node:http";
import { serveHttp, type HttpService } from "../../src/util/http-server.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const WASM = "auth.wasm";

describe.skipIf(MODE !== "local")("auth ext-authz with the request body through Envoy [local]", () => {
  let envoy: RunningEnvoy;
  let echo: EchoServer;
  let authz: HttpService;
  const seen: { url?: string; body: string; length?: string }[] = [];

  beforeAll(async () => {
    requireWasm(WASM);
    authz = await serveHttp((req: IncomingMessage, res: ServerResponse) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => (body += c));
      req.on("end", () => {
        seen.push({ url: req.url, body, length: req.headers["content-length"] });
        if (body.includes("ok")) res.writeHead(200, { "x-user-id": "u-body" }).end();
        else res.writeHead(403, { "content-type": "text/plain" }).end("body refused");
      });
    });
    echo = await startEcho();
    const configuration = {
      default: "deny",
      providers: [
        { name: "authz", ext_authz: { cluster: "authz", timeout_ms: 2000, headers_to_upstream: ["x-user-id"], with_request_body: { max_bytes: 64 } } },
        { name: "partial", ext_authz: { cluster: "authz", timeout_ms: 2000, with_request_body: { max_bytes: 4, allow_partial: true } } },
      ],
      rules: [
        { match: { path: { prefix: "/partial/" } }, requires: "partial" },
        { match: { path: { prefix: "/" } }, requires: "authz" },
      ],
    };
    envoy = await startEnvoy({
      filters: [{ name: "auth", wasmPath: `${BUILD_DIR}/${WASM}`, rootId: "auth", configuration, failurePolicy: "FAIL_CLOSED", allowOnHeadersStopIteration: true }],
      upstream: { host: "127.0.0.1", port: echo.port },
      clusters: [{ name: "authz", host: "127.0.0.1", port: authz.port }],
      accessLog: true,
      concurrency: 1,
    });
  });
  afterAll(async () => {
    await envoy?.stop();
    await echo?.close();
    await authz?.close();
  });

  const post = (path: string, body: string) => fetch(envoy.listenerUrl + path, { method: "POST", body, headers: { "content-type": "text/plain" } });

  it("sends the body to the service and lets an allowed request through with its body and the allowed headers", async () => {
    const res = await post("/orders", "this is ok");
    expect(res.status).toBe(200);
    const up = (await res.json()) as { body: string; headers: Record<string, string> };
    expect(up.body).toBe("this is ok");
    expect(up.headers["x-user-id"]).toBe("u-body");
    const call = seen.find((c) => c.url === "/orders");
    expect(call).toMatchObject({ body: "this is ok", length: "10" });
  });

  it("denies on the body's content with the service's answer", async () => {
    const res = await post("/orders/2", "not allowed");
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("body refused");
  });

  it("answers 413 for a body over max_bytes, and cuts it with allow_partial", async () => {
    const big = "ok" + "x".repeat(200);
    const res = await post("/orders/3", big);
    expect(res.status).toBe(413);
    expect((await res.json()) as { reason: string }).toMatchObject({ reason: "body_too_large" });
    expect(seen.some((c) => c.url === "/orders/3")).toBe(false);

    const cut = await post("/partial/1", big);
    expect(cut.status).toBe(200);
    expect(((await cut.json()) as { body: string }).body).toBe(big);
    expect(seen.find((c) => c.url === "/partial/1")).toMatchObject({ body: "okxx", length: "4" });
  });

  it("checks a request without a body at once", async () => {
    const res = await fetch(envoy.listenerUrl + "/orders/4");
    expect(res.status).toBe(403);
    expect(seen.find((c) => c.url === "/orders/4")).toMatchObject({ body: "" });
  });
});
