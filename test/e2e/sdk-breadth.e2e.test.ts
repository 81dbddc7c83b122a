// The sdk-breadth fixture through a real Envoy with two workers (--concurrency 2): HTTP callouts
// to a real HTTP server on 127.0.0.1 configured as an Envoy cluster (allow, deny, timeout, the
// two kinds of upstream reset, a stream that ends first), shared data counted exactly across
// workers with CAS, custom metrics in /stats, and ticks. The emulator runs the same fixture in
// test/sdk/sdk-breadth.test.ts. Local mode only: the callout server runs in this process.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/util/wait.ts";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";
import { uniquePath, type Echo } from "./support/filters.ts";
import { serveHttp, type HttpService } from "../../src/util/http-server.ts";

const WASM = "test/sdk-breadth.wasm";

/** The callout target: answers by ?user=. */
function startAuthz(): Promise<HttpService> {
  return serveHttp((req, res) => {
    const user = new URL(req.url ?? "/", "http://x").searchParams.get("user");
    if (req.url === "/refresh") {
      res.end("refreshed");
    } else if (user === "alice") {
      res.end(`ok:${user}`);
    } else if (user === "mallory") {
      res.writeHead(403, { "content-type": "text/plain" }).end("denied");
    } else if (user === "slow") {
      setTimeout(() => res.end("too late"), 3000);
    } else if (user === "gone") {
      setTimeout(() => res.end("ok:gone"), 1000);
    } else if (user === "reset") {
      req.socket.destroy(); // before any response byte
    } else if (user === "reset-mid") {
      res.writeHead(200, { "content-length": "100" });
      res.write("partial");
      setTimeout(() => req.socket.destroy(), 50); // after the headers, mid-body
    } else {
      res.writeHead(404).end("unknown user");
    }
  });
}

/** One request on its own connection (no keep-alive), so connections spread over the workers. */
function freshConnectionGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { ...headers, connection: "close" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe.skipIf(MODE !== "local")(`SDK breadth through Envoy with 2 workers [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;
  let authz: HttpService;

  beforeAll(async () => {
    requireWasm(WASM);
    authz = await startAuthz();
    harness = await createHarness();
    envoy = await harness.start(
      [{ name: "sdk-breadth", wasm: WASM, rootId: "sdk-breadth", configuration: { cluster: "authz", timeoutMs: 5000, tickMs: 100 } }],
      {
        clusters: [{ name: "authz", host: "127.0.0.1", port: authz.port }],
        concurrency: 2,
        componentLogLevel: "wasm:debug",
      },
    );
  });
  afterAll(async () => {
    await harness?.close();
    await authz?.close();
  });

  const get = (headers: Record<string, string>) => fetch(envoy.url + uniquePath("breadth"), { headers });

  describe("HTTP callouts", () => {
    it("resumes the request with the callout's answer when it allows", async () => {
      const res = await get({ "x-op": "callout", "x-user": "alice" });
      expect(res.status).toBe(200);
      const seen = (await res.json()) as Echo;
      expect(seen.headers["x-authz"]).toBe("ok:alice");
    });

    it("answers locally with the callout's status and body when it denies", async () => {
      const res = await get({ "x-op": "callout", "x-user": "mallory" });
      expect(res.status).toBe(403);
      expect(res.headers.get("x-callout")).toBe("denied");
      expect(await res.text()).toBe("denied");
    });

    it("gets Envoy's 504 (an ordinary response, 3 headers) when the call's timeout fires", async () => {
      const started = Date.now();
      const res = await get({ "x-op": "callout", "x-user": "slow", "x-timeout-ms": "300" });
      expect(res.status).toBe(504);
      expect(res.headers.get("x-callout")).toBe("timeout");
      expect(await res.text()).toBe("callout timed out: upstream request timeout");
      expect(res.headers.get("x-callout-headers")).toBe("3");
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it("gets Envoy's 503 response, not a failure, when the server resets before responding", async () => {
      const res = await get({ "x-op": "callout", "x-user": "reset" });
      expect(res.status).toBe(503);
      expect(res.headers.get("x-callout")).toBe("denied");
      expect(await res.text()).toMatch(/^upstream connect error or disconnect\/reset before headers/);
    });

    it("gets the failure path (no headers, status \"reset\") when the server resets mid-response", async () => {
      const res = await get({ "x-op": "callout", "x-user": "reset-mid" });
      expect(res.status).toBe(502);
      expect(res.headers.get("x-callout")).toBe("failed");
      expect(await res.text()).toBe("callout failed: reset");
    });

    it("drops the response of a stream that ended first, and keeps serving", async () => {
      const waiting = get({ "x-op": "callout", "x-user": "gone" });
      const controller = new AbortController();
      const request = fetch(envoy.url + uniquePath("gone"), { headers: { "x-op": "callout", "x-user": "gone" }, signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await expect(request).rejects.toThrow();
      await envoy.waitForLog(/http call \d+: context \d+ ended before the response; dropped/, 5000);
      expect((await waiting).status).toBe(200); // the same callout for a stream that waited
      const res = await get({ "x-op": "callout", "x-user": "alice" });
      expect(res.status).toBe(200);
    });

    it("refuses a call without :authority in the SDK, and an unknown cluster in Envoy (BadArgument, token 0)", async () => {
      const missing = (await (await get({ "x-op": "callout-missing" })).json()) as Echo;
      expect(missing.headers["x-callout-result"]).toBe("2|dispatchHttpCall to authz: missing required header :authority (need :method, :path and :authority)");
      const unknown = (await (await get({ "x-op": "callout-unknown" })).json()) as Echo;
      expect(unknown.headers["x-callout-result"]).toBe("2|0");
    });

    it("delivers a root-level call's answer to the root context", async () => {
      const res = await get({ "x-op": "callout-root" });
      expect(((await res.json()) as Echo).headers["x-callout-result"]).toBe("0");
      await envoy.waitForLog(/sdk-breadth: root callout answered 200 refreshed in context \d+/, 5000);
    });
  });

  describe("shared data across workers", () => {
    it("counts every request exactly once with CAS across 2 workers and many connections", async () => {
      const read = async () => Number(((await (await get({ "x-op": "read-count" })).json()) as Echo).headers["x-count"]);
      const before = await read();
      const N = 200;
      const vms = new Set<string>();
      let maxAttempts = 0;
      for (let batch = 0; batch < N / 50; batch++) {
        const results = await Promise.all(
          Array.from({ length: 50 }, () => freshConnectionGet(envoy.url + uniquePath("count"), { "x-op": "count" })),
        );
        for (const r of results) {
          expect(r.status).toBe(200);
          const seen = JSON.parse(r.body) as Echo;
          vms.add(seen.headers["x-vm"]);
          maxAttempts = Math.max(maxAttempts, Number(seen.headers["x-attempts"]));
        }
      }
      expect(await read()).toBe(before + N);
      expect(vms.size).toBeGreaterThanOrEqual(2); // both workers served requests
      console.log(`CAS counter: ${N} requests over ${vms.size} worker VMs, max attempts ${maxAttempts}`);
    });

    it("follows docs/abi.md's get/set/cas semantics", async () => {
      const seen = (await (await get({ "x-op": "shared", "x-key": uniquePath("k") })).json()) as Echo;
      expect(seen.headers["x-shared"]).toBe("absent=1;set=0;get=v1,cas>0;cas-set=0;stale=8;now=v2,new-cas;force=0;final=v4");
    });
  });

  describe("metrics and ticks", () => {
    // Envoy names a custom metric `wasmcustom.<name>`: /stats shows it with that prefix; only the
    // Prometheus output strips it (the custom-stat namespace).
    const prometheus = async () => (await fetch(`${envoy.adminUrl}/stats?format=prometheus`)).text();

    it("shows custom metrics in /stats as wasmcustom.<name>, and as <name> in Prometheus format", async () => {
      const before = (await envoy.stat("wasmcustom.sdk_breadth_requests")) ?? 0;
      for (let i = 0; i < 3; i++) await (await get({ "x-op": "read-count" })).text();
      const stats = await envoy.stats();
      expect(stats.get("wasmcustom.sdk_breadth_requests")).toBe(before + 3);
      expect(stats.has("sdk_breadth_requests")).toBe(false);
      expect(await prometheus()).toMatch(new RegExp(`^sdk_breadth_requests\\{\\} ${before + 3}$`, "m"));
      const seen = (await (await get({ "x-op": "metrics" })).json()) as Echo;
      expect(seen.headers["x-metric-ids"]).toBe("0,1,2");
      expect(seen.headers["x-metrics"]).toMatch(/^inc0=2;inc2=0;counter=\d+;gset=0;gadd=0;gauge=7;hrec=0$/);
      expect((await envoy.stats()).get("wasmcustom.sdk_breadth_probe_gauge")).toBe(7);
    });

    it("ticks every VM: the tick gauge grows over time", async () => {
      const first = (await envoy.stat("wasmcustom.sdk_breadth_ticks")) ?? 0;
      await new Promise((r) => setTimeout(r, 1500));
      const second = (await envoy.stat("wasmcustom.sdk_breadth_ticks")) ?? 0;
      // 100 ms ticks on each VM with the root context (2 workers and the main thread) for 1.5 s.
      expect(second - first).toBeGreaterThan(15);
      console.log(`ticks in 1.5 s: ${second - first}`);
    });

    it("records callout body sizes in a histogram (visible after Envoy's stats flush)", async () => {
      let count = 0;
      const recorded = async () => {
        const m = /^sdk_breadth_callout_body_bytes_count\{\} (\d+)$/m.exec(await prometheus());
        count = m ? Number(m[1]) : 0;
        return count > 0;
      };
      await waitFor(recorded, { timeoutMs: 12_000, intervalMs: 500, what: "the histogram's first count" }).catch(() => undefined); // checked below
      expect(count).toBeGreaterThan(0);
    });
  });
});
