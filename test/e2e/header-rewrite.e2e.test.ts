// header-rewrite through a real Envoy with live traffic: what the echo upstream received and
// what the client got. The bootstrap is the project's (buildBootstrap) with one addition made
// here: a second route, /api/ → same cluster, named "api" and tagging requests with
// x-route: api, so a path rewrite that makes Envoy re-select the route (clear_route_cache) shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBootstrap, type WasmFilter } from "../../src/envoy/config.ts";
import { EnvoyStartError, startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { BUILD_DIR, requireWasm } from "./support/target.ts";
import { uniquePath, type Echo } from "./support/filters.ts";

const WASM = "header-rewrite.wasm";

const CONFIG = {
  rules: [
    {
      name: "request-id",
      request: { headers: [{ op: "set_if_absent", name: "x-request-id", value: "${property.request.id}" }, { op: "set", name: "x-client", value: "${property.source.address}" }] },
      response: { headers: [{ op: "set", name: "x-request-id", value: "${request.header.x-request-id}" }, { op: "set", name: "x-route-name", value: "${property.xds.route_name}" }] },
    },
    { name: "strip-internal", response: { headers: [{ op: "remove", name: "x-echo" }, { op: "remove", name: "x-envoy-upstream-service-time" }] } },
    {
      name: "v1-to-api",
      match: { path: { regex: "^/v(\\d+)/(.*)$" }, method: ["GET", "POST"] },
      request: {
        path: { prefix: { from: "/v1/", to: "/api/v1/" } },
        headers: [{ op: "set", name: "x-api-version", value: "${path.capture.1}" }],
        query: [{ op: "remove", name: "debug" }, { op: "add", name: "via", value: "${request.method} ${request.path}" }],
      },
    },
    { name: "tenant-host", match: { headers: [{ name: "x-tenant", present: true }] }, request: { host: "${request.header.x-tenant}.internal" } },
  ],
};

function bootstrap(filters: WasmFilter[], upstreamPort: number): Record<string, unknown> {
  const b = buildBootstrap({ filters, listener: { port: 0 }, admin: { port: 0 }, route: { upstream: { host: "127.0.0.1", port: upstreamPort } }, accessLog: true });
  const hcm = (b as any).static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const routes = hcm.route_config.virtual_hosts[0].routes;
  const fallback = { ...routes[0], name: "default", request_headers_to_add: [{ header: { key: "x-route", value: "default" } }] };
  const api = { ...routes[0], name: "api", match: { prefix: "/api/" }, request_headers_to_add: [{ header: { key: "x-route", value: "api" } }] };
  hcm.route_config.virtual_hosts[0].routes = [api, fallback];
  return b;
}

const filter = (configuration: unknown): WasmFilter => ({ name: "header-rewrite", wasmPath: `${BUILD_DIR}/${WASM}`, configuration, failurePolicy: "FAIL_CLOSED" });

describe("header-rewrite through Envoy", () => {
  let echo: EchoServer;
  let envoy: RunningEnvoy;

  beforeAll(async () => {
    requireWasm(WASM);
    echo = await startEcho();
    envoy = await startEnvoy({ bootstrap: bootstrap([filter(CONFIG)], echo.port), concurrency: 1, startTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await envoy?.stop();
    await echo?.close();
  });

  it("rewrites /v1/… to /api/v1/… and Envoy re-selects the route (clear_route_cache)", async () => {
    const path = uniquePath("v1/users");
    const res = await fetch(`${envoy.listenerUrl}${path}?debug=1&id=7`);
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.path).toBe(`/api${path}?id=7&via=GET%20${encodeURIComponent(path)}%3Fdebug%3D1%26id%3D7`);
    expect(seen.headers["x-route"]).toBe("api"); // the /api/ route's header: the route was chosen again
    expect(seen.headers["x-api-version"]).toBe("1");
    expect(res.headers.get("x-route-name")).toBe("api");
  });

  it("leaves other paths on the default route", async () => {
    const path = uniquePath("plain");
    const res = await fetch(envoy.listenerUrl + path);
    const seen = (await res.json()) as Echo;
    expect(seen.path).toBe(path);
    expect(seen.headers["x-route"]).toBe("default");
    expect(res.headers.get("x-route-name")).toBe("default");
  });

  it("returns the request id the upstream saw, and passes the client address", async () => {
    const res = await fetch(envoy.listenerUrl + uniquePath("rid"));
    const seen = (await res.json()) as Echo;
    expect(seen.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-request-id")).toBe(seen.headers["x-request-id"]);
    expect(seen.headers["x-client"]).toMatch(/^127\.0\.0\.1:\d+$/);
    const own = await fetch(envoy.listenerUrl + uniquePath("rid"), { headers: { "x-request-id": "client-chosen-id" } });
    expect(own.headers.get("x-request-id")).toBe("client-chosen-id");
  });

  it("strips internal response headers", async () => {
    const res = await fetch(envoy.listenerUrl + uniquePath("strip"));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-echo")).toBeNull();
    expect(res.headers.get("x-envoy-upstream-service-time")).toBeNull();
  });

  it("rewrites the host the upstream sees", async () => {
    const res = await fetch(envoy.listenerUrl + uniquePath("tenant"), { headers: { "x-tenant": "acme" } });
    const seen = (await res.json()) as Echo;
    expect(seen.headers.host).toBe("acme.internal");
  });

  it("counts each rule in Envoy's stats as wasmcustom.header_rewrite.rule.<name>.applied", async () => {
    const before = (await envoy.stat("wasmcustom.header_rewrite.rule.v1-to-api.applied")) ?? 0;
    for (let i = 0; i < 3; i++) await (await fetch(envoy.listenerUrl + uniquePath("v1/count"))).text();
    expect(await envoy.stat("wasmcustom.header_rewrite.rule.v1-to-api.applied")).toBe(before + 3);
    expect(await envoy.stat("wasmcustom.header_rewrite.rule.tenant-host.applied")).toBeGreaterThanOrEqual(1);
  });
});

describe("header-rewrite: a configuration Envoy must refuse", () => {
  it("fails to start with the field path in the log", async () => {
    requireWasm(WASM);
    const bad = { rules: [{ name: "a" }, { name: "b" }, { name: "c", match: { path: { regex: "^/(v1" } } }] };
    const err = await startEnvoy({ bootstrap: bootstrap([filter(bad)], 9), concurrency: 1, startTimeoutMs: 60_000 }).then(
      async (e) => { await e.stop(); return undefined; },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EnvoyStartError);
    expect((err as EnvoyStartError).logs).toContain("rules[2].match.path.regex: unbalanced parenthesis");
  });
});
