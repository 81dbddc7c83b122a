// assembly/lib/config: field paths and messages, walked over a sample schema in the lib-harness
// fixture (test/fixtures/filters/lib-harness/sample-config.ts).
import { describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";

async function errorsFor(config: unknown): Promise<string[]> {
  const host = new Host();
  const vm = await host.loadVm("build/test/lib-harness.wasm");
  vm.createPlugin({ configuration: { config } });
  const line = host.logsAt("info").find((l) => l.startsWith("config-errors "));
  if (!line) throw new Error("no config-errors line");
  return JSON.parse(line.slice("config-errors ".length));
}

describe("config reader", () => {
  it("accepts a valid configuration", async () => {
    expect(await errorsFor({ name: "x", mode: "first", retries: 3, enabled: false, methods: ["GET"], limits: [{ key: "k", rate: 5 }], match: { prefix: "/" } })).toEqual([]);
  });

  it("names every bad field with its path, in document order", async () => {
    expect(
      await errorsFor({ name: "", mode: "some", retries: 11, enabled: "yes", methods: ["GET", "PUT", 3], limits: [{ key: 1, rate: 1.5 }, 7, { rate: 0, extra: true }], match: { exact: "/", prefix: "/" }, bogus: 1 }),
    ).toEqual([
      "bogus: unknown field (expected name, mode, retries, enabled, methods, limits, match)",
      "name: must not be empty",
      "mode: must be one of all, first",
      "retries: must be between 0 and 10",
      "enabled: must be a boolean, got string",
      "methods[1]: must be one of GET, POST",
      "methods[2]: must be one of GET, POST",
      "limits[0].key: must be a string, got number",
      "limits[0].rate: must be an integer, got 1.5",
      "limits[1]: must be an object, got number",
      "limits[2].extra: unknown field (expected key, rate)",
      "limits[2].key: is required",
      "limits[2].rate: must be between 1 and 1000",
      "match: must have exactly one of exact, prefix (found 2)",
    ]);
  });

  it("reports missing required fields, wrong container types and empty arrays", async () => {
    expect(await errorsFor({ methods: "GET", limits: [], match: {} })).toEqual([
      "name: is required",
      "methods: must be an array, got string",
      "limits: must have at least 1 item",
      "match: must have exactly one of exact, prefix",
    ]);
    expect(await errorsFor([1])).toEqual(["(configuration): must be an object, got array"]);
  });
});
