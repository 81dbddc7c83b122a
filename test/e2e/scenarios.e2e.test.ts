// The differential scenarios through a real Envoy; test/sdk/scenarios.test.ts runs the same on
// the emulator. One Envoy per filter configuration.
import { afterAll, beforeAll, describe, it } from "vitest";
import { BREADTH_SCENARIOS } from "../scenarios/breadth.ts";
import { CORE_SCENARIOS } from "../scenarios/core.ts";
import { serveHttp, type HttpService } from "../../src/util/http-server.ts";
import { HEADER_REWRITE_SCENARIOS } from "../scenarios/header-rewrite.ts";
import { SDK_COMPAT_SCENARIOS } from "../scenarios/sdk-compat.ts";
import { RUST_SCENARIOS } from "../scenarios/rust.ts";
import { AUTHORITY, checkOutcome, type ClusterAnswer, type Outcome, type Scenario, type ScenarioFilter } from "../support/scenario.ts";
import type { Cluster } from "../../src/envoy/config.ts";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";

const LEVELS: Record<string, string> = { trace: "trace", debug: "debug", info: "info", warning: "warn", error: "error", critical: "critical" };
const WASM_LOG = /\[(trace|debug|info|warning|error|critical)\]\[wasm\].*?wasm log [^:]*: (.*)$/;

/** Sends the scenario's request through Envoy and reads back what the echo upstream saw. */
async function runOnEnvoy(envoy: Target, scenario: Scenario): Promise<Outcome> {
  const { method = "GET", path, headers = {}, body } = scenario.request;
  const logStart = (await envoy.logs()).length;
  const res = await fetch(envoy.url + path, { method, headers: { ...headers, host: AUTHORITY }, body });
  const text = await res.text();
  const responseHeaders = Object.fromEntries(res.headers.entries());
  let upstream: Outcome["upstream"] = null;
  if (res.headers.get("x-echo") === "1") {
    try {
      upstream = JSON.parse(text);
    } catch {
      upstream = { method: "", path: "", headers: {}, body: "" }; // reached, but a filter rewrote the echo
    }
  }
  // on_log runs after the response is sent, and container logs arrive through a stream: wait
  // (bounded) for each log line the scenario expects before collecting.
  for (const want of scenario.expect.logs ?? []) {
    const escaped = want.contains.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await envoy.waitForLog(new RegExp(`\\]\\[wasm\\].*${escaped}`), 10_000).catch(() => undefined);
  }
  await new Promise((r) => setTimeout(r, 150));
  const logs = (await envoy.logs()).slice(logStart).split("\n").flatMap((line) => {
    const m = line.match(WASM_LOG);
    return m ? [{ level: LEVELS[m[1]], message: m[2] }] : [];
  });
  return { upstream, response: { status: res.status, headers: responseHeaders, body: text }, logs };
}

/** A local HTTP server answering every request with `answer` (a scenario cluster on Envoy's side). */
function serveAnswer(answer: ClusterAnswer): Promise<HttpService> {
  return serveHttp((req, res) => {
    req.resume();
    req.on("end", () => {
      const body = answer.body ?? "";
      res.writeHead(answer.status, { ...answer.headers, "content-length": String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
}

const groups = new Map<string, { filter: ScenarioFilter; scenarios: Scenario[] }>();
for (const s of [...CORE_SCENARIOS, ...BREADTH_SCENARIOS, ...HEADER_REWRITE_SCENARIOS, ...SDK_COMPAT_SCENARIOS, ...RUST_SCENARIOS]) {
  const key = JSON.stringify(s.filter);
  if (!groups.has(key)) groups.set(key, { filter: s.filter, scenarios: [] });
  groups.get(key)!.scenarios.push(s);
}

describe(`differential scenarios on Envoy [${MODE}]`, () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  for (const { filter, scenarios } of groups.values()) {
    // Scenario clusters are servers on 127.0.0.1, which only the local launcher's Envoy reaches.
    const clusters = Object.entries(filter.clusters ?? {});
    describe.skipIf(clusters.length > 0 && MODE !== "local")(filter.name, () => {
      let envoy: Target;
      const servers: HttpService[] = [];
      beforeAll(async () => {
        requireWasm(filter.wasm);
        const envoyClusters: Cluster[] = [];
        for (const [name, answer] of clusters) {
          const server = await serveAnswer(answer);
          servers.push(server);
          envoyClusters.push({ name, host: "127.0.0.1", port: server.port });
        }
        const options = envoyClusters.length ? { clusters: envoyClusters } : undefined;
        envoy = await harness.start([{ name: filter.name, wasm: filter.wasm, rootId: filter.rootId ?? filter.name, configuration: filter.configuration }], options);
      });
      afterAll(async () => {
        await envoy?.stop();
        await Promise.all(servers.map((s) => s.close()));
      });
      for (const scenario of scenarios) {
        it(scenario.name, async () => {
          checkOutcome(scenario, await runOnEnvoy(envoy, scenario), `envoy/${MODE}`);
        });
      }
    });
  }
});
