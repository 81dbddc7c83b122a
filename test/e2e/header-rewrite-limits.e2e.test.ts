// header-rewrite under hostile sizes through a real Envoy (issue 20), FAIL_CLOSED: a request
// that used to trap the VM (after which Envoy answers 503 to everything) gets a normal answer,
// and the next request is still served. The bootstrap is the project's (buildBootstrap) with
// max_request_headers_kb raised to 96 so that 60 KiB paths and headers reach the filter, and
// an echo upstream that accepts heads of that size.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBootstrap, type WasmFilter } from "../../src/envoy/config.ts";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { startEcho, type EchoServer } from "../../src/upstream/echo.ts";
import { BUILD_DIR, requireWasm } from "./support/target.ts";
import type { Echo } from "./support/filters.ts";

const WASM = "header-rewrite.wasm";

const CONFIG = {
  rules: [
    { name: "page", match: { path: { prefix: "/q" } }, request: { query: [{ op: "set", name: "page", value: "${request.header.x-page}" }] } },
    { name: "a-to-b", match: { path: { prefix: "/ra" } }, request: { path: { regex: { pattern: "a", substitution: "b" } } } },
    { name: "slashes", match: { path: { prefix: "/rs" } }, request: { path: { regex: { pattern: "//+", substitution: "/" } } } },
    { name: "rescan", match: { path: { prefix: "/rx" } }, request: { path: { regex: { pattern: "a+b|a", substitution: "x" } } } },
  ],
};

function bootstrap(filters: WasmFilter[], upstreamPort: number): Record<string, unknown> {
  const b = buildBootstrap({ filters, listener: { port: 0 }, admin: { port: 0 }, route: { upstream: { host: "127.0.0.1", port: upstreamPort } } });
  const hcm = (b as any).static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  hcm.max_request_headers_kb = 96;
  return b;
}

describe("header-rewrite through Envoy: large requests never trap the VM (FAIL_CLOSED)", () => {
  let echo: EchoServer;
  let envoy: RunningEnvoy;

  beforeAll(async () => {
    requireWasm(WASM);
    echo = await startEcho({ maxHeaderSize: 256 * 1024 });
    const filter: WasmFilter = { name: "header-rewrite", wasmPath: `${BUILD_DIR}/${WASM}`, configuration: CONFIG, failurePolicy: "FAIL_CLOSED" };
    envoy = await startEnvoy({ bootstrap: bootstrap([filter], echo.port), concurrency: 1, startTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await envoy?.stop();
    await echo?.close();
  });

  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; seen: Echo | undefined }> {
    const res = await fetch(envoy.listenerUrl + path, { headers, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    return { status: res.status, seen: res.status === 200 ? (JSON.parse(text) as Echo) : undefined };
  }

  /** An ordinary request after the big one: served by the filter (the query rule still applies). */
  async function expectNextServed(): Promise<void> {
    const next = await get("/q/next", { "x-page": "2" });
    expect(next.status).toBe(200);
    expect(next.seen!.path).toBe("/q/next?page=2");
  }

  const stat = async (name: string): Promise<number> => {
    const text = await (await fetch(`${envoy.adminUrl}/stats?filter=${encodeURIComponent(name)}`)).text();
    const m = text.match(new RegExp(`${name.replace(/\./g, "\\.")}: (\\d+)`));
    return m ? Number(m[1]) : NaN;
  };

  it("percent-encodes a 20,000-character header into the query and serves the next request", async () => {
    const { status, seen } = await get("/q/list", { "x-page": "!".repeat(20_000) });
    expect(status).toBe(200);
    expect(seen!.path).toBe("/q/list?page=" + "%21".repeat(20_000));
    await expectNextServed();
  });

  it("rewrites a 30,000-character path with a→b and serves the next request", async () => {
    const { status, seen } = await get("/ra" + "a".repeat(30_000));
    expect(status).toBe(200);
    expect(seen!.path).toBe("/rb" + "b".repeat(30_000));
    await expectNextServed();
  });

  it("rewrites 15,000 runs of slashes in a 60 KiB path with //+ → / and serves the next request", async () => {
    const { status, seen } = await get("/rs" + "ab//".repeat(15_000));
    expect(status).toBe(200);
    expect(seen!.path).toBe("/rs" + "ab/".repeat(15_000));
    await expectNextServed();
  });

  it("rewrites one 60 KiB run of slashes with //+ → / and serves the next request", async () => {
    const { status, seen } = await get("/rs" + "/".repeat(60 * 1024));
    expect(status).toBe(200);
    expect(seen!.path).toBe("/rs/");
    await expectNextServed();
  });

  it("leaves a 60 KiB path unchanged when a+b|a runs out of steps, counts it, and serves the next request", async () => {
    const path = "/rx" + "a".repeat(60 * 1024);
    const { status, seen } = await get(path);
    expect(status).toBe(200);
    expect(seen!.path).toBe(path);
    expect(await stat("wasmcustom.header_rewrite.rule.rescan.path_regex_limit")).toBe(1);
    await expectNextServed();
  });
});
