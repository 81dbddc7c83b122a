// rate-limit in global mode through a real Envoy (2 workers) against the reference service,
// envoyproxy/ratelimit backed by a real redis-server, both on 127.0.0.1 (src/testing/
// ratelimit-service.ts builds the service once into .cache/ with the Go toolchain). The filter
// speaks envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit over an HTTP/2 cluster.
// Service config: test/fixtures/ratelimit/config.yaml. Local mode only.
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRatelimitService, unavailableReason, type RatelimitService } from "../../src/testing/ratelimit-service.ts";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";

const WASM = "rate-limit.wasm";
const SERVICE_CONFIG = readFileSync(new URL("../fixtures/ratelimit/config.yaml", import.meta.url), "utf8");

const config = (extra: Record<string, unknown> = {}) => ({
  client_ip: { xff_trusted_hops: 1 },
  global: { cluster: "ratelimit", domain: "envoy-as-e2e", timeout_ms: 1000, ...extra },
  rules: [
    { name: "fleet", global: true, match: { path: { prefix: "/global/fleet" } }, key: [{ source: "constant", value: "fleet" }] },
    { name: "per-ip", global: true, match: { path: { prefix: "/global/ip" } }, key: [{ source: "client_ip" }] },
    {
      name: "per-consumer", global: true, match: { path: { prefix: "/global/api" } },
      key: [{ source: "header", name: "x-plan", descriptor_key: "plan" }, { source: "consumer" }],
    },
  ],
});

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }
function get(url: string, agent: Agent, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

// Skipped only outside CI when Go or redis-server is missing; in CI (CI=true) a missing tool fails the run.
const reason = MODE !== "local" ? "local mode only" : process.env.CI ? undefined : await unavailableReason();

describe.skipIf(reason !== undefined)(`rate-limit global mode against envoyproxy/ratelimit + redis [${reason ?? "local"}]`, () => {
  let rls: RatelimitService;
  let harness: Harness;
  let envoy: Target;
  const agent = new Agent({ keepAlive: true, maxSockets: 20 });

  beforeAll(async () => {
    requireWasm(WASM);
    rls = await startRatelimitService({ config: SERVICE_CONFIG });
    harness = await createHarness();
    envoy = await harness.start([{ name: "rate-limit", wasm: WASM, configuration: config() }], {
      concurrency: 2,
      clusters: [{ name: "ratelimit", host: "127.0.0.1", port: rls.grpcPort, http2: true }],
    });
  }, 600_000); // the first run on a machine builds the service (about 1-3 minutes)
  afterAll(async () => {
    agent.destroy();
    await harness?.close();
    await rls?.stop();
  });

  it("admits exactly the service's limit under concurrent traffic (20 of 60)", async () => {
    const replies = await Promise.all(Array.from({ length: 60 }, () => get(`${envoy.url}/global/fleet`, agent)));
    const admitted = replies.filter((r) => r.status === 200).length;
    console.log(`rate-limit global e2e: 60 concurrent requests → ${admitted} admitted, ${replies.filter((r) => r.status === 429).length} × 429`);
    expect(admitted).toBe(20);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(40);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.fleet.admitted")).toBe(20);
    expect(await envoy.stat("wasmcustom.rate_limit.rule.fleet.limited")).toBe(40);
    const denied = replies.find((r) => r.status === 429)!;
    expect(denied.headers["x-ratelimit-limit"]).toBe("20");
    expect(denied.headers["x-ratelimit-remaining"]).toBe("0");
    expect(Number(denied.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(denied.headers["retry-after"])).toBeLessThanOrEqual(86_400);
  });

  it("limits per client address (remote_address descriptor from X-Forwarded-For)", async () => {
    const ip = (a: string) => get(`${envoy.url}/global/ip`, agent, { "x-forwarded-for": a });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await ip("192.0.2.10")).status);
    expect(codes).toEqual([200, 200, 200, 200, 429]);
    const other = await ip("192.0.2.11");
    expect(other.status).toBe(200);
    expect(other.headers["x-ratelimit-limit"]).toBe("4");
    expect(other.headers["x-ratelimit-remaining"]).toBe("3");
  });

  it("sends nested descriptors (plan → consumer) and skips the rule when a source is absent", async () => {
    const api = (consumer: string | undefined, plan = "free") => get(`${envoy.url}/global/api`, agent, { "x-plan": plan, ...(consumer ? { "x-consumer": consumer } : {}) });
    const alice = [];
    for (let i = 0; i < 4; i++) alice.push((await api("alice")).status);
    expect(alice).toEqual([200, 200, 200, 429]);
    expect((await api("bob")).status).toBe(200);
    expect((await api("alice", "gold")).status).toBe(200); // no limit configured for gold: the service says OK
    for (let i = 0; i < 5; i++) expect((await api(undefined)).status).toBe(200); // anonymous: no descriptor, no call
  });
});

describe.skipIf(reason !== undefined)(`rate-limit global mode: service unreachable [${reason ?? "local"}]`, () => {
  for (const mode of ["allow", "deny"] as const) {
    it(`failure_mode ${mode}`, async () => {
      requireWasm(WASM);
      const harness = await createHarness();
      try {
        const envoy = await harness.start([{ name: "rate-limit", wasm: WASM, configuration: config({ failure_mode: mode, timeout_ms: 300 }) }], {
          concurrency: 2,
          clusters: [{ name: "ratelimit", host: "127.0.0.1", port: 9, http2: true }], // discard port: nothing listens
        });
        const r = await get(`${envoy.url}/global/fleet`, new Agent());
        expect(r.status).toBe(mode === "allow" ? 200 : 500);
        expect(await envoy.stat("wasmcustom.rate_limit.global.errors")).toBe(1);
      } finally {
        await harness.close();
      }
    }, 60_000);
  }
});
