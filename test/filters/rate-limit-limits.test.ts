// rate-limit configuration limits (issue 20): what onConfigure may be asked to build is capped,
// and schema.json (the build's check) and the filter reject the same configurations.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

const WASM = "build/rate-limit.wasm";
const SCHEMA = "assembly/filters/rate-limit/schema.json";

/** The error line onConfigure logs for `configuration` (it must be rejected). */
async function rejection(configuration: object): Promise<string> {
  const host = new Host();
  const vm = await host.loadVm(WASM, { vmId: "rl" });
  let error: unknown;
  try {
    vm.createPlugin({ configuration });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigureRejected);
  const lines = host.logsAt("error");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const rule = (name: string, extra: Record<string, unknown> = {}) => ({ name, key: [{ source: "client_ip" }], limits: [{ requests: 5, per: "minute" }], ...extra });

describe("rate-limit: configuration limits, in schema.json and onConfigure alike", () => {
  it("caps shared_data_prefix at 128 characters (every slot name carries it)", async () => {
    const config = { shared_data_prefix: "p".repeat(100 * 1024), rules: [rule("r")] };
    expect(validateConfig(config, SCHEMA)).toEqual(["shared_data_prefix: must NOT have more than 128 characters"]);
    expect(await rejection(config)).toBe("rate-limit: invalid configuration: shared_data_prefix: must be at most 128 characters (got 102400)");
    expect(validateConfig({ shared_data_prefix: "p".repeat(128), rules: [rule("r")] }, SCHEMA)).toEqual([]);
  });

  it("caps the rules at 32, so at most 32 × 65536 slots in all", async () => {
    const config = { rules: Array.from({ length: 33 }, (_, i) => rule(`r${i}`, { max_keys: 65536 })) };
    expect(validateConfig(config, SCHEMA)).toEqual(["rules: must NOT have more than 32 items"]);
    expect(await rejection(config)).toBe("rate-limit: invalid configuration: rules: must have at most 32 rules (got 33)");
  });

  it("rejects the key names the filter cannot use in the schema too", async () => {
    const cases: [unknown, string][] = [
      [{ source: "header", name: "x bad" }, 'rules[0].key[0].name: "x bad" is not a valid header name'],
      [{ source: "consumer", name: "x(y)" }, 'rules[0].key[0].name: "x(y)" is not a valid header name'],
      [{ source: "query", name: "a=b" }, "rules[0].key[0].name: must be a query parameter name without & = # ? or spaces"],
      [{ source: "query", name: "a b" }, "rules[0].key[0].name: must be a query parameter name without & = # ? or spaces"],
    ];
    for (const [key, problem] of cases) {
      const config = { rules: [rule("r", { key: [key] })] };
      expect(validateConfig(config, SCHEMA).length).toBeGreaterThan(0);
      expect(await rejection(config)).toBe(`rate-limit: invalid configuration: ${problem}`);
    }
    // And both accept the valid ones, pseudo-headers included.
    const valid = { rules: [rule("r", { key: [{ source: "header", name: ":authority" }, { source: "query", name: "api_key" }, { source: "consumer", name: "X-Consumer" }] })] };
    expect(validateConfig(valid, SCHEMA)).toEqual([]);
  });
});
