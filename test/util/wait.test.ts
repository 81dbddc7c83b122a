// waitFor: one error that names what was awaited, cut short when the wait cannot succeed.
import { describe, expect, it } from "vitest";
import { waitFor, WaitError } from "../../src/util/wait.ts";

describe("waitFor", () => {
  it("resolves with the probe's first value", async () => {
    let calls = 0;
    const got = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { timeoutMs: 1000, intervalMs: 1, what: "the third call" });
    expect(got).toBe("after 3");
  });

  it("times out naming what it waited for, with the detail", async () => {
    const err = await waitFor(() => false, { timeoutMs: 50, intervalMs: 5, what: "the moon", detail: () => "--- last lines ---\nnothing" }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.message).toBe("Timed out after 50 ms waiting for the moon\n--- last lines ---\nnothing");
  });

  it("stops at once when abortIf gives a reason", async () => {
    const t0 = performance.now();
    const err = await waitFor(() => false, { timeoutMs: 10_000, what: "a port", abortIf: () => "redis-server exited (code 1)" }).catch((e) => e);
    expect(err.message).toBe("redis-server exited (code 1) while waiting for a port");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("treats a throwing probe as not yet, or fails with its error when asked to", async () => {
    let calls = 0;
    const flaky = () => {
      if (++calls < 3) throw new Error("ECONNREFUSED");
      return true;
    };
    await expect(waitFor(flaky, { timeoutMs: 1000, intervalMs: 1, what: "a server" })).resolves.toBe(true);
    const boom = () => {
      throw new Error("EACCES: permission denied");
    };
    await expect(waitFor(boom, { timeoutMs: 1000, what: "a lock", probeErrors: "throw" })).rejects.toThrow("EACCES: permission denied");
  });
});
