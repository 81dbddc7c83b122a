// The shipped demo (docker-compose.yml + envoy/demo.yaml + build/hello-world.wasm) as a user runs it,
// only with local images and engine-picked ports. Compose mode only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, MODE, requireWasm, type ComposeHarness, type Target } from "./support/target.ts";
import { uniquePath, HELLO_WORLD_WASM, type Echo } from "./support/filters.ts";

describe.runIf(MODE === "compose")("shipped docker-compose demo", () => {
  let harness: ComposeHarness;
  let envoy: Target;
  beforeAll(async () => {
    requireWasm(HELLO_WORLD_WASM);
    harness = (await createHarness()) as ComposeHarness;
    envoy = await harness.startShippedDemo();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("serves hello-world in front of the echo upstream", async () => {
    const path = uniquePath("demo");
    const res = await fetch(envoy.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-hello")).toBe("world");
    expect(((await res.json()) as Echo).path).toBe(path);
    await envoy.waitForLog(new RegExp(`hello-world: ${path}\\b`));
  });
});
