// The differential scenarios on the emulator; test/e2e/scenarios.e2e.test.ts runs the same on Envoy.
import { describe, it } from "vitest";
import { BREADTH_SCENARIOS } from "../scenarios/breadth.ts";
import { CORE_SCENARIOS } from "../scenarios/core.ts";
import { HEADER_REWRITE_SCENARIOS } from "../scenarios/header-rewrite.ts";
import { SDK_COMPAT_SCENARIOS } from "../scenarios/sdk-compat.ts";
import { RUST_SCENARIOS } from "../scenarios/rust.ts";
import { checkOutcome, runOnEmulator } from "../support/scenario.ts";

describe("differential scenarios on the emulator", () => {
  for (const scenario of [...CORE_SCENARIOS, ...BREADTH_SCENARIOS, ...HEADER_REWRITE_SCENARIOS, ...SDK_COMPAT_SCENARIOS, ...RUST_SCENARIOS]) {
    it(scenario.name, async () => {
      checkOutcome(scenario, await runOnEmulator(scenario), "emulator");
    });
  }
});
