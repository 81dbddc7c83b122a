// The auth differential scenarios through a real Envoy; test/filters/auth-scenarios.test.ts runs
// the same on the emulator.
import { afterAll, beforeAll, describe, it } from "vitest";
import { AUTH_SCENARIOS } from "../fixtures/auth/scenarios.ts";
import { AUTHORITY, checkOutcome, type Outcome, type Scenario } from "../support/scenario.ts";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";

async function runOnEnvoy(envoy: Target, scenario: Scenario): Promise<Outcome> {
  const { method = "GET", path, headers = {}, body } = scenario.request;
  const res = await fetch(envoy.url + path, { method, headers: { ...headers, host: AUTHORITY }, body });
  const text = await res.text();
  // Node's fetch joins repeated headers with ", " as the scenario format expects.
  const responseHeaders = Object.fromEntries(res.headers.entries());
  const upstream = res.headers.get("x-echo") === "1" ? JSON.parse(text) : null;
  return { upstream, response: { status: res.status, headers: responseHeaders, body: text }, logs: [] };
}

describe(`auth differential scenarios on Envoy [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;
  beforeAll(async () => {
    const filter = AUTH_SCENARIOS[0].filter;
    requireWasm(filter.wasm);
    harness = await createHarness();
    envoy = await harness.start([{ name: filter.name, wasm: filter.wasm, rootId: filter.name, configuration: filter.configuration }]);
  });
  afterAll(async () => {
    await harness?.close();
  });
  for (const scenario of AUTH_SCENARIOS) {
    it(scenario.name, async () => {
      checkOutcome(scenario, await runOnEnvoy(envoy, scenario), `envoy/${MODE}`);
    });
  }
});
