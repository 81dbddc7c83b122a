// A filter whose streams end with their one callback, in a real Envoy: the build left
// proxy_on_delete out, so Envoy calls it twice per stream and the SDK keeps nothing per stream.
// Two plugins of the module share one VM (same vm_id): each stream is served by its own plugin's
// root, streams reset before their response leave nothing behind, and Envoy stays healthy.
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_DIR, createHarness, MODE, requireWasm, type Harness, type Target } from "./support/target.ts";
import { uniquePath } from "./support/filters.ts";

const WASM = "test/one-callback.wasm";

describe(`streams that end with their one callback [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;
  beforeAll(async () => {
    requireWasm(WASM);
    harness = await createHarness();
    envoy = await harness.start([
      { name: "first", wasm: WASM, rootId: "first", vmId: "shared", rawConfiguration: "first-config" },
      { name: "second", wasm: WASM, rootId: "second", vmId: "shared", rawConfiguration: "second-config" },
    ]);
  });
  afterAll(async () => {
    await envoy?.stop();
    await harness?.close();
  });

  it("is built without proxy_on_delete", () => {
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(BUILD_DIR, WASM)))).map((e) => e.name);
    expect(exports).toContain("proxy_on_response_headers");
    expect(exports).not.toContain("proxy_on_delete");
    expect(exports).not.toContain("proxy_on_request_headers");
  });

  it("serves every stream with its own plugin's configuration, also after streams reset before their response", async () => {
    const ask = async () => {
      const res = await fetch(envoy.url + uniquePath("one"), { signal: AbortSignal.timeout(15_000) });
      await res.arrayBuffer();
      return res;
    };
    const contexts = new Set<string>();
    for (let batch = 0; batch < 10; batch++) {
      // Clients that send a request and hang up at once: Envoy resets those streams, most of them
      // before the response, so their one callback never runs.
      await Promise.all(
        Array.from({ length: 10 }, () => new Promise<void>((done) => {
          const s = connect(Number(new URL(envoy.url).port), "127.0.0.1", () => {
            s.end(`GET ${uniquePath("gone")} HTTP/1.1\r\nhost: x\r\n\r\n`);
            s.destroy();
          });
          s.on("close", () => done());
          s.on("error", () => done());
        })),
      );
      const answers = await Promise.all(Array.from({ length: 20 }, ask));
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(res.headers.get("x-first")).toBe("first-config");
        expect(res.headers.get("x-second")).toBe("second-config");
        // Both plugins run in one VM, so one stream has a context in each: two different ids.
        const [a, b] = [res.headers.get("x-first-context")!, res.headers.get("x-second-context")!];
        expect(a).toMatch(/^\d+$/);
        expect(b).not.toBe(a);
        contexts.add(a);
      }
    }
    expect(contexts.size).toBe(200);
    const logs = await envoy.logs();
    expect(logs).not.toMatch(/\[critical\]|no known root|unknown stream|wasm log.*error/);
    expect((await fetch(`${envoy.adminUrl}/ready`)).status).toBe(200);
  });
});
