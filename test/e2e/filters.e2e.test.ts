// Live traffic through a real Envoy 1.40 running hello-world and the probe filter, in front of the
// echo upstream. Runs in every ENVOY_TEST_MODE (local | testcontainers | compose).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";
import { helloWorld, probe, uniquePath, HELLO_WORLD_WASM, PROBE_WASM, type Echo } from "./support/filters.ts";

// A configuration with spaces, nesting and unicode, to see it reach the filter byte for byte.
const PROBE_CONFIG = { greeting: "hi there", n: 42, nested: { ok: true, list: [1, "two"] }, unicode: "héllo ✓" };

describe(`hello-world and probe through Envoy [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;

  beforeAll(async () => {
    requireWasm(HELLO_WORLD_WASM);
    requireWasm(PROBE_WASM);
    harness = await createHarness();
    envoy = await harness.start([helloWorld(), probe(PROBE_CONFIG)]);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const upstreamRequests = async () => (await envoy.stat("cluster.upstream.upstream_rq_total")) ?? 0;

  it("adds the configured response header and logs the request path", async () => {
    const path = uniquePath("hello");
    const res = await fetch(envoy.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-hello")).toBe("world");
    const seen = (await res.json()) as Echo;
    expect(seen.path).toBe(path);
    await envoy.waitForLog(new RegExp(`\\[info\\]\\[wasm\\].*hello-world: ${path}\\b`));
  });

  it("passes the plugin configuration to the filter byte for byte (request header seen upstream)", async () => {
    const res = await fetch(envoy.url + uniquePath("config"));
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.headers["x-probe-config"]).toBe(JSON.stringify(PROBE_CONFIG));
  });

  it("sends a local reply without reaching the upstream", async () => {
    const before = await upstreamRequests();
    const path = uniquePath("deny");
    const res = await fetch(envoy.url + path, { headers: { "x-probe": "local-reply" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-probe-denied")).toBe("yes");
    expect(res.headers.get("x-echo")).toBeNull(); // the echo upstream sets x-echo on everything it answers
    expect(await res.json()).toEqual({ denied: true });
    // hello-world still runs on the encoder path of the local reply.
    expect(res.headers.get("x-hello")).toBe("world");
    await envoy.waitForLog(new RegExp(`\\[access\\] GET ${path} 403 details=probe_denied`));
    expect(await upstreamRequests()).toBe(before);
  });

  it("replaces the request body before it goes upstream", async () => {
    const res = await fetch(envoy.url + uniquePath("body"), {
      method: "POST",
      headers: { "x-probe": "replace-body", "content-type": "text/plain" },
      body: "original body ✓",
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.body).toBe("replaced:original body ✓");
    if (seen.headers["content-length"] !== undefined) {
      expect(Number(seen.headers["content-length"])).toBe(Buffer.byteLength(seen.body));
    }
  });

  it("reads properties (source.address) from Envoy", async () => {
    const res = await fetch(envoy.url + uniquePath("source"), { headers: { "x-probe": "source" } });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as Echo;
    expect(seen.headers["x-probe-source"]).toMatch(/^\d{1,3}(\.\d{1,3}){3}:\d+$/);
    if (MODE === "local") expect(seen.headers["x-probe-source"]).toMatch(/^127\.0\.0\.1:/);
  });

  it("counts the requests in Envoy's stats", async () => {
    const stats = await envoy.stats();
    expect(stats.get("http.ingress_http.downstream_rq_total")).toBeGreaterThanOrEqual(5);
    expect(stats.get("http.ingress_http.downstream_rq_4xx")).toBeGreaterThanOrEqual(1);
    expect(stats.get("wasm.envoy.wasm.runtime.v8.active")).toBeGreaterThanOrEqual(1);
  });
});

describe(`a configuration the filter rejects [${MODE}]`, () => {
  let harness: Harness;
  beforeAll(async () => {
    requireWasm(PROBE_WASM);
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("makes Envoy refuse to start, with the filter's message in the log", async () => {
    const log = await harness.startExpectingFailure([probe({ reject: true })]);
    expect(log).toContain("probe: configuration rejected (reject=true)");
  });
});
