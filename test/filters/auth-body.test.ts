// auth in the emulator: ext-authz with the request body (ext_authz.with_request_body), under the
// Envoy plugin flag allow_on_headers_stop_iteration that the feature requires: the body reaches
// the service, a body over max_bytes is cut (allow_partial) or answered 413, headers-only
// requests call out at once, and the body is held (never passed upstream) until the decision.
import { describe, expect, it } from "vitest";
import { DataAction, HeadersAction, Host, type HostHttpCall, type HttpStream, type Plugin } from "../../src/emulator/index.ts";

const WASM = "build/auth.wasm";

async function load(configuration: unknown, host: Host, allowOnHeadersStopIteration = true): Promise<Plugin> {
  const vm = await host.loadVm(WASM);
  return vm.createPlugin({ rootId: "auth", configuration: configuration as object, allowOnHeadersStopIteration });
}

const config = (body: Record<string, unknown> | null = { max_bytes: 16 }, rule: unknown = "authz") => ({
  providers: [
    {
      name: "authz",
      ext_authz: { cluster: "authz", authority: "authz.internal", timeout_ms: 250, headers_to_upstream: ["x-user-id"], ...(body ? { with_request_body: body } : {}) },
    },
    { name: "keys", api_key: { from: [{ header: "x-api-key" }], consumers: [{ name: "svc", key: "k-1234567890abcdef" }] } },
  ],
  rules: [{ match: { path: { prefix: "/" } }, requires: rule }],
});

const post = (path = "/orders") => ({ ":method": "POST", ":path": path, ":authority": "api.example.com", ":scheme": "https", "content-type": "text/plain" });

/** 200 if the request went upstream (not paused, no local reply), else the local reply's status; 0 while paused. */
function outcome(s: HttpStream): number {
  if (s.localResponse) return s.localResponse.status;
  return s.paused.request ? 0 : 200;
}

/** An authz service that allows only when the body contains "ok". */
function bodyAuthz(host: Host): HostHttpCall[] {
  const seen: HostHttpCall[] = [];
  host.setClusterHandler("authz", (call) => {
    seen.push(call);
    return call.bodyText.includes("ok") ? { status: 200, headers: { "x-user-id": "u-1" } } : { status: 403, body: "body refused" };
  });
  return seen;
}

describe("auth: ext-authz with_request_body", () => {
  it("buffers the body until end of stream, sends it with content-length, then lets headers and body go on", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    expect(s.sendRequestHeaders(post())).toBe(HeadersAction.StopIteration);
    expect(seen).toHaveLength(0);
    expect(s.sendRequestBody("it is ")).toBe(DataAction.StopIterationAndBuffer);
    expect(seen).toHaveLength(0);
    // The handler's answer arrives after the callback returns; the filter then continues.
    s.sendRequestBody("ok", { endOfStream: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].bodyText).toBe("it is ok");
    expect(seen[0].header("content-length")).toBe("8");
    expect([seen[0].header(":method"), seen[0].header(":path")]).toEqual(["POST", "/orders"]);
    expect(outcome(s)).toBe(200);
    expect(s.requestHeader("x-user-id")).toBe("u-1");
    expect(s.requestBodyText).toBe("it is ok");
  });

  it("denies on the body's content with the service's answer", async () => {
    const host = new Host();
    bodyAuthz(host);
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    s.sendRequestBody("nope", { endOfStream: true });
    expect(s.localResponse?.status).toBe(403);
    expect(s.localResponse?.bodyText).toBe("body refused");
    expect(host.metric("auth.denied.authz_denied")?.value).toBe(1n);
  });

  it("continues after an asynchronous answer, adding the allowed headers to the held request", async () => {
    const host = new Host();
    host.addCluster("authz");
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    s.sendRequestBody("ok", { endOfStream: true });
    expect(outcome(s)).toBe(0);
    const call = host.pendingHttpCalls[0];
    expect(call.bodyText).toBe("ok");
    call.respond({ status: 200, headers: { "x-user-id": "u-9" } });
    expect(outcome(s)).toBe(200);
    expect(s.requestHeader("x-user-id")).toBe("u-9");
    expect(s.requestBodyText).toBe("ok");
  });

  it("answers 413 for a body over max_bytes without allow_partial, without calling the service", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config({ max_bytes: 8 }), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    expect(s.sendRequestBody("12345678")).toBe(DataAction.StopIterationAndBuffer); // exactly max_bytes: keep buffering
    s.sendRequestBody("9");
    expect(seen).toHaveLength(0);
    expect(s.localResponse?.status).toBe(413);
    expect(JSON.parse(s.localResponse!.bodyText).reason).toBe("body_too_large");
    expect(host.metric("auth.denied.body_too_large")?.value).toBe(1n);
  });

  it("sends the first max_bytes with allow_partial as soon as the buffer is full", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config({ max_bytes: 4, allow_partial: true }), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    s.sendRequestBody("ok, and a lot more");
    expect(seen[0].bodyText).toBe("ok, ");
    expect(seen[0].header("content-length")).toBe("4");
    expect(outcome(s)).toBe(200);
    // The whole body goes upstream, not only what the service saw.
    s.sendRequestBody(" tail", { endOfStream: true });
    expect(s.requestBodyText).toBe("ok, and a lot more tail");
  });

  it("never traps on a big body: 1 MiB with a small limit is cut or refused", async () => {
    const big = "x".repeat(1 << 20);
    for (const [partial, expected] of [[true, 403], [false, 413]] as const) {
      const host = new Host();
      const seen = bodyAuthz(host);
      const plugin = await load(config({ max_bytes: 1024, allow_partial: partial }), host);
      const s = plugin.newHttpStream();
      s.sendRequestHeaders(post());
      s.sendRequestBody(big, { endOfStream: true });
      expect(s.localResponse?.status).toBe(expected);
      if (partial) expect(seen[0].body.length).toBe(1024);
    }
  });

  it("trailers end the body", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    s.sendRequestBody("ok");
    expect(seen).toHaveLength(0);
    s.sendRequestTrailers({ "x-checksum": "1" });
    expect(seen[0].bodyText).toBe("ok");
    expect(outcome(s)).toBe(200);
  });

  it("headers-only requests call out at once, as without with_request_body", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders({ ...post(), ":method": "GET" }, { endOfStream: true });
    expect(seen).toHaveLength(1);
    expect(seen[0].bodyText).toBe("");
    expect(seen[0].header("content-length")).toBeUndefined();
    expect(outcome(s)).toBe(403);
  });

  it("without with_request_body the body is held, not passed, while a check is out", async () => {
    const host = new Host();
    host.addCluster("authz");
    const plugin = await load(config(null), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    expect(host.pendingHttpCalls[0].bodyText).toBe("");
    expect(s.sendRequestBody("early")).toBe(DataAction.StopIterationAndBuffer);
    expect(outcome(s)).toBe(0);
    host.pendingHttpCalls[0].respond({ status: 200 });
    expect(outcome(s)).toBe(200);
    expect(s.requestBodyText).toBe("early");
  });

  it("a requirement without a body-taking provider does not wait for the body", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config(), host);
    const s = plugin.newHttpStream();
    expect(s.sendRequestHeaders({ ...post(), "x-api-key": "k-1234567890abcdef" }, {})).toBe(HeadersAction.StopIteration);
    // rule requires authz; a second plugin whose rule requires only the API key continues at once
    const other = await load(config({ max_bytes: 16 }, "keys"), host);
    const t = other.newHttpStream();
    expect(t.sendRequestHeaders({ ...post(), "x-api-key": "k-1234567890abcdef" })).toBe(HeadersAction.Continue);
    expect(seen).toHaveLength(0);
    s.complete();
  });

  it("refuses a bad with_request_body with field-named errors", async () => {
    const host = new Host();
    await expect(load(config({ max_bytes: 0, allow_partial: "yes", extra: 1 }), host)).rejects.toThrow(
      /providers\[0\]\.ext_authz\.with_request_body\.extra: unknown field.*with_request_body\.max_bytes: must be between 1 and 1048576.*with_request_body\.allow_partial: must be a boolean/s,
    );
    await expect(load(config({}), host)).rejects.toThrow(/providers\[0\]\.ext_authz\.with_request_body\.max_bytes: is required/);
    await expect(load(config(true as unknown as Record<string, unknown>), host)).rejects.toThrow(/providers\[0\]\.ext_authz\.with_request_body: must be an object/);
  });

  it("answers 408 and names the missing Envoy flag when the body never reaches the filter", async () => {
    // Without allow_on_headers_stop_iteration Envoy holds the body while the headers are stopped.
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config(), host, false);
    const s = plugin.newHttpStream();
    expect(s.sendRequestHeaders(post())).toBe(HeadersAction.StopIteration);
    s.sendRequestBody("it is ok", { endOfStream: true }); // held by the host, never delivered
    host.advanceTime(9_000);
    expect(outcome(s)).toBe(0);
    host.advanceTime(1_600);
    expect(outcome(s)).toBe(408);
    expect(JSON.parse(s.localResponse!.bodyText)).toMatchObject({ status: 408, error: "request_timeout", reason: "body_timeout" });
    expect(seen).toHaveLength(0);
    expect(host.logsAt("error").join("\n")).toContain("needs the Envoy plugin setting allow_on_headers_stop_iteration: true");
  });

  it("keeps waiting while body chunks keep coming, however long the upload", async () => {
    const host = new Host();
    const seen = bodyAuthz(host);
    const plugin = await load(config({ max_bytes: 64 }), host);
    const s = plugin.newHttpStream();
    s.sendRequestHeaders(post());
    for (let i = 0; i < 5; i++) {
      host.advanceTime(6_000);
      s.sendRequestBody("x");
    }
    expect(outcome(s)).toBe(0);
    s.sendRequestBody(" ok", { endOfStream: true });
    expect(seen).toHaveLength(1);
    expect(outcome(s)).toBe(200);
    expect(host.logsAt("error")).toEqual([]);
  });
});
