// assembly/lib under hostile sizes (issue 20), in the release build of the lib-harness fixture
// (test/fixtures/filters/lib-harness): the config reader reports thousands of problems in
// linear memory, and a regex replaceAll has one step budget for all of its searches.
import { describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";

const WASM = "build/test/lib-harness.wasm";
const MIB = 1024 * 1024;

async function harness(configuration: unknown): Promise<{ host: Host; memory: number; logged: (key: string) => string }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  vm.createPlugin({ configuration: configuration as object });
  const logged = (key: string) => {
    const line = host.logsAt("info").find((l) => l.startsWith(`${key} `));
    if (!line) throw new Error(`no ${key} line; logs: ${JSON.stringify(host.logs.slice(-3))}`);
    return line.slice(key.length + 1);
  };
  return { host, memory: vm.memoryBytes(), logged };
}

describe("config reader: many problems", () => {
  it("keeps the first 20 of 6,000 problems, counts the rest, in linear memory", async () => {
    const { memory, logged } = await harness({ config: { name: "x", methods: Array.from({ length: 6000 }, () => 3) } });
    const messages = JSON.parse(logged("config-errors")) as string[];
    expect(messages).toHaveLength(20);
    expect(messages[19]).toBe("methods[19]: must be one of GET, POST");
    expect(logged("config-summary")).toMatch(/^sample: invalid configuration: methods\[0\]: must be one of GET, POST; .*; methods\[19\]: must be one of GET, POST; and 5980 more problems$/);
    expect(memory).toBeLessThan(16 * MIB);
  });

  it("escapes control characters of field names in messages", async () => {
    const { logged } = await harness({ config: { name: "x", "a\nb\u0001": 1 } });
    expect(JSON.parse(logged("config-errors"))).toEqual(["a\\nb\\x01: unknown field (expected name, mode, retries, enabled, methods, limits, match)"]);
  });
});

describe("regex replaceAll: one step budget", () => {
  const replace = async (cases: [string, string, string][]) => JSON.parse((await harness({ replace: cases })).logged("replace-results")) as unknown[];

  it("gives up, returning nothing rewritten, when all the searches together pass the budget", async () => {
    // Each search for a+b|a runs to the end of the input (the a+ thread waits for a b), once per match.
    expect(await replace([["a+b|a", "a".repeat(4000), "x"]])).toEqual([{ limit: true }]);
    // The same pattern where each search ends early stays within it.
    expect(await replace([["a+b|a", "ab".repeat(4000), "x"]])).toEqual(["x".repeat(4000)]);
  });

  it("rewrites 30,000 matches of a simple pattern in linear memory", async () => {
    const { memory, logged } = await harness({ replace: [["a", "a".repeat(30_000), "bc"]] });
    expect(JSON.parse(logged("replace-results"))).toEqual(["bc".repeat(30_000)]);
    expect(memory).toBeLessThan(16 * MIB);
  });
});
