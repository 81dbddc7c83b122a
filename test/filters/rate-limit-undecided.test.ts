// rate-limit in the emulator: a rule whose match cannot be decided counts the request against
// the rule (issue 20). Long paths used to exhaust the path regex's step budget, which read as
// "no match": /admin/ + 60,000 characters was never limited.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

const WASM = "build/rate-limit.wasm";
const SCHEMA = "assembly/filters/rate-limit/schema.json";

async function load(configuration: object): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ configuration }) };
}

/** Status of one GET of `path` (200 when the upstream was reached). */
function status(p: Plugin, path: string): number {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http" }, { endOfStream: true });
  if (!s.localResponse && !s.paused.request) s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
  return s.localResponse?.status ?? 200;
}

/** One rule "admin": 2 requests a minute for everyone on paths matching `path`. */
const limited = (path: Record<string, string>, top: Record<string, unknown> = {}) => ({
  ...top,
  rules: [{ name: "admin", match: { path }, key: [{ source: "constant" }], limits: [{ requests: 2, per: "minute" }] }],
});
const metric = (host: Host, name: string) => host.metric(name)?.value ?? 0n;

describe("rate-limit: long paths", () => {
  it("limits /admin/ + 60,000 characters under ^/admin/.*$ after 2 requests (was never limited)", async () => {
    const { host, plugin } = await load(limited({ regex: "^/admin/.*$" }));
    const path = "/admin/" + "a".repeat(60_000);
    expect([1, 2, 3, 4].map(() => status(plugin, path))).toEqual([200, 200, 429, 429]);
    expect(metric(host, "rate_limit.rule.admin.limited")).toBe(2n);
    // The regex decided: nothing was undecided, and other paths are not counted.
    expect(metric(host, "rate_limit.rule.admin.undecided")).toBe(0n);
    expect(status(plugin, "/public/" + "a".repeat(60_000))).toBe(200);
  });

  it("counts a request whose regex runs out of its step budget against the rule, with a metric and a log", async () => {
    // 16 nested .*/ loops stay alive on a path of many segments: 32+ steps a character, over budget.
    const { host, plugin } = await load(limited({ regex: "^/admin/(?:.*/){16}.*$" }));
    const path = "/admin/" + "a/".repeat(6_000);
    expect([1, 2, 3].map(() => status(plugin, path))).toEqual([200, 200, 429]);
    expect(metric(host, "rate_limit.rule.admin.undecided")).toBe(3n);
    expect(metric(host, "rate_limit.rule.admin.admitted")).toBe(2n);
    expect(metric(host, "rate_limit.rule.admin.limited")).toBe(1n);
    expect(host.logsAt("warn")).toEqual(Array(3).fill("rate-limit: rule admin: match undecided (a regex ran out of its step budget); counted against the rule"));
  });

  it("counts a header regex that cannot decide, but not when another condition rules the request out", async () => {
    const { host, plugin } = await load({
      rules: [{
        name: "tagged", match: { method: ["GET"], headers: [{ name: "x-tags", regex: "^(?:.*,){16}.*$" }] },
        key: [{ source: "constant" }], limits: [{ requests: 1, per: "minute" }],
      }],
    });
    const send = (method: string) => {
      const s = plugin.newHttpStream();
      s.sendRequestHeaders({ ":method": method, ":path": "/", ":authority": "example.com", ":scheme": "http", "x-tags": "t,".repeat(6_000) }, { endOfStream: true });
      if (!s.localResponse) s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
      return s.localResponse?.status ?? 200;
    };
    expect([send("GET"), send("GET")]).toEqual([200, 429]);
    expect(send("POST")).toBe(200); // the method does not match: decided, not counted
    expect(metric(host, "rate_limit.rule.tagged.undecided")).toBe(2n);
  });
});

describe("rate-limit: limits.max_path_bytes", () => {
  it("counts a :path over the limit against every rule with a path condition", async () => {
    const { host, plugin } = await load({
      limits: { max_path_bytes: 1024 },
      rules: [
        { name: "admin", match: { path: { prefix: "/admin/" } }, key: [{ source: "constant" }], limits: [{ requests: 2, per: "minute" }] },
        { name: "all", key: [{ source: "constant", value: "all" }], limits: [{ requests: 100, per: "minute" }] },
      ],
    });
    const over = "/public/" + "a".repeat(1017); // 1025 bytes: the prefix is not even looked at
    expect([1, 2, 3].map(() => status(plugin, over))).toEqual([200, 200, 429]);
    expect(metric(host, "rate_limit.rule.admin.undecided")).toBe(3n);
    expect(metric(host, "rate_limit.rule.all.undecided")).toBe(0n); // no path condition: decided
    expect(host.logsAt("warn")[0]).toBe("rate-limit: rule admin: match undecided (:path over limits.max_path_bytes); counted against the rule");
    // At the limit the prefix decides: /public/ is not the admin rule's.
    expect(status(plugin, "/public/" + "a".repeat(1016))).toBe(200);
    expect(metric(host, "rate_limit.rule.admin.undecided")).toBe(3n);
  });

  it("is rejected out of range by onConfigure and by the schema alike", async () => {
    for (const limits of [{ max_path_bytes: 0 }, { max_path_bytes: 1_048_577 }, { max_path_bytes: 1024, other: 1 }]) {
      const config = limited({ prefix: "/" }, { limits });
      const rejection = await load(config).then(() => null, (e) => e);
      expect(rejection).toBeInstanceOf(ConfigureRejected);
      expect((rejection as ConfigureRejected).errorLogs.join("\n")).toMatch(/limits\.(max_path_bytes: must be between 256 and 1048576|other: unknown field)/);
      expect(validateConfig(config, SCHEMA)).not.toEqual([]);
    }
    expect(validateConfig(limited({ prefix: "/" }, { limits: { max_path_bytes: 256 } }), SCHEMA)).toEqual([]);
  });
});
