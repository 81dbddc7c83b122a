// What Envoy does after a filter traps, per failure_policy. One Envoy (one worker, so one VM) per policy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/util/wait.ts";
import { createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";
import { probe, uniquePath, PROBE_WASM, type Echo } from "./support/filters.ts";

describe(`failure_policy after a trap [${MODE}]`, () => {
  let harness: Harness;
  beforeAll(async () => {
    requireWasm(PROBE_WASM);
    harness = await createHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  const get = (envoy: Target, headers: Record<string, string> = {}) =>
    fetch(envoy.url + uniquePath("fp"), { headers, signal: AbortSignal.timeout(15_000) });

  async function trap(envoy: Target): Promise<number> {
    const ok = await get(envoy);
    expect(ok.status).toBe(200);
    const trapped = await get(envoy, { "x-probe": "trap" });
    await trapped.arrayBuffer();
    await envoy.waitForLog(/probe trap requested/);
    return trapped.status;
  }

  async function expectEnvoyAlive(envoy: Target): Promise<void> {
    const ready = await fetch(`${envoy.adminUrl}/ready`);
    expect(ready.status).toBe(200);
    expect((await ready.text()).trim()).toBe("LIVE");
  }

  it("FAIL_CLOSED: the trapping request and every later one get 503; Envoy stays up", async () => {
    const envoy = await harness.start([probe({}, "FAIL_CLOSED")]);
    try {
      expect(await trap(envoy)).toBe(503);
      await envoy.waitForLog(/\[access\] GET \S+ 503 details=wasm_fail_stream/);
      for (let i = 0; i < 3; i++) {
        const res = await get(envoy);
        expect(res.status).toBe(503);
        expect(res.headers.get("x-echo")).toBeNull();
        await res.arrayBuffer();
      }
      await expectEnvoyAlive(envoy);
    } finally {
      await envoy.stop();
    }
  });

  it("FAIL_IGNORE: later requests pass to the upstream without the filter; Envoy stays up", async () => {
    const envoy = await harness.start([probe({}, "FAIL_IGNORE")]);
    try {
      // Envoy 1.40 fails the stream that was inside the VM when it trapped, whatever the policy.
      expect(await trap(envoy)).toBe(503);
      for (let i = 0; i < 3; i++) {
        const res = await get(envoy);
        expect(res.status).toBe(200);
        const seen = (await res.json()) as Echo;
        expect(seen.headers["x-probe-config"]).toBeUndefined(); // the failed filter is skipped
      }
      await expectEnvoyAlive(envoy);
    } finally {
      await envoy.stop();
    }
  });

  it("FAIL_RELOAD: a fresh VM takes over after the backoff and the filter works again", async () => {
    const envoy = await harness.start([probe({ reload: 1 }, "FAIL_RELOAD")]);
    try {
      expect(await trap(envoy)).toBe(503);
      let seen: Echo | undefined;
      const answered = async () => {
        const res = await get(envoy);
        if (res.status !== 200) return void (await res.arrayBuffer());
        seen = (await res.json()) as Echo;
        return seen.headers["x-probe-config"] !== undefined;
      };
      await waitFor(answered, { timeoutMs: 20_000, intervalMs: 250, what: "a fresh VM to answer" }).catch(() => undefined); // checked below
      expect(seen?.headers["x-probe-config"]).toBe(JSON.stringify({ reload: 1 }));
      expect(await envoy.stat("wasm.probe.vm_reload_success")).toBeGreaterThanOrEqual(1);
      await expectEnvoyAlive(envoy);
    } finally {
      await envoy.stop();
    }
  });
});
