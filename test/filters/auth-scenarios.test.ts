// The auth differential scenarios on the emulator; test/e2e/auth-scenarios.e2e.test.ts runs them on Envoy.
import { describe, it } from "vitest";
import { AUTH_SCENARIOS } from "../fixtures/auth/scenarios.ts";
import { checkOutcome, runOnEmulator } from "../support/scenario.ts";

describe("auth differential scenarios on the emulator", () => {
  for (const scenario of AUTH_SCENARIOS) {
    it(scenario.name, async () => {
      checkOutcome(scenario, await runOnEmulator(scenario), "emulator");
    });
  }
});
