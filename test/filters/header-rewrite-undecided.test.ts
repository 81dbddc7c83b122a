// header-rewrite in the emulator: a rule whose match cannot be decided leaves the request as
// received, and is counted (issue 20). Long paths used to exhaust the path regex's step budget,
// which read as "no match": the rule was skipped and the others applied.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

const WASM = "build/header-rewrite.wasm";
const SCHEMA = "assembly/filters/header-rewrite/schema.json";

async function load(configuration: object): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ configuration }) };
}

/** One GET of `path` and a 200 response; the stream keeps what reached the upstream and the client. */
function exchange(p: Plugin, path: string) {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http", "x-client": "c" }, { endOfStream: true });
  s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
  s.complete();
  return s;
}

const setHeader = (name: string, value: string) => ({ headers: [{ op: "set", name, value }] });
const metric = (host: Host, name: string) => host.metric(name)?.value ?? 0n;
/** 16 nested .*\/ loops stay alive on a path of many segments: 32+ steps a character, over budget. */
const HEAVY = "^/admin/(?:.*/){16}.*$";
const DEEP = "/admin/" + "a/".repeat(6_000);

describe("header-rewrite: long paths", () => {
  it("applies a ^/admin/.*$ rule to /admin/ + 60,000 characters (was skipped)", async () => {
    const { host, plugin } = await load({ rules: [{ name: "zone", match: { path: { regex: "^/admin/.*$" } }, request: setHeader("x-zone", "admin") }] });
    const s = exchange(plugin, "/admin/" + "a".repeat(60_000));
    expect(s.requestHeader("x-zone")).toBe("admin");
    expect(metric(host, "header_rewrite.rule.zone.applied")).toBe(1n);
    expect(metric(host, "header_rewrite.undecided")).toBe(0n);
  });

  it("leaves the whole request and response unchanged when a rule's match cannot be decided, and counts it", async () => {
    const { host, plugin } = await load({
      rules: [
        { name: "every", request: setHeader("x-seen", "1"), response: setHeader("x-served-by", "edge") },
        { name: "deep", match: { path: { regex: HEAVY } }, request: { headers: [{ op: "remove", name: "x-client" }], path: { prefix: { from: "/admin/", to: "/internal/" } } } },
      ],
    });
    const s = exchange(plugin, DEEP);
    expect(s.requestHeader(":path")).toBe(DEEP);
    expect(s.requestHeader("x-client")).toBe("c");
    expect(s.requestHeader("x-seen")).toBeUndefined(); // no rule at all, not only the undecided one
    expect(s.responseHeader("x-served-by")).toBeUndefined();
    expect(metric(host, "header_rewrite.undecided")).toBe(1n);
    expect(metric(host, "header_rewrite.rule.every.applied")).toBe(0n);
    expect(host.logsAt("warn")).toEqual(["header-rewrite: rule deep: match undecided (a regex ran out of its step budget); request left unchanged"]);
    // A short path decides: both rules apply.
    const short = exchange(plugin, "/admin/" + "a/".repeat(16) + "x");
    expect([short.requestHeader(":path"), short.requestHeader("x-client"), short.requestHeader("x-seen")]).toEqual(["/internal/" + "a/".repeat(16) + "x", undefined, "1"]);
  });

  it("leaves the path unchanged and counts it when a regex path rewrite cannot be decided", async () => {
    const { host, plugin } = await load({
      rules: [{ name: "flatten", request: { headers: [{ op: "set", name: "x-seen", value: "1" }], path: { regex: { pattern: "(?:.*/){16}", substitution: "/" } } } }],
    });
    const s = exchange(plugin, DEEP);
    expect(s.requestHeader(":path")).toBe(DEEP);
    expect(s.requestHeader("x-seen")).toBe("1"); // the match decided: the rule's other actions apply
    expect(metric(host, "header_rewrite.undecided")).toBe(1n);
    expect(host.logsAt("warn")).toEqual(["header-rewrite: rules[0].request.path: regex ran out of its step budget on a path of 12007 characters; path left unchanged"]);
  });
});

describe("header-rewrite: limits.max_path_bytes", () => {
  it("leaves a request whose :path is over the limit unchanged when a rule has a path condition", async () => {
    const { host, plugin } = await load({
      limits: { max_path_bytes: 1024 },
      rules: [{ name: "api", match: { path: { prefix: "/api/" } }, request: setHeader("x-api", "1") }],
    });
    expect(exchange(plugin, "/api/" + "a".repeat(1019)).requestHeader("x-api")).toBe("1"); // 1024 bytes
    const over = exchange(plugin, "/api/" + "a".repeat(1020));
    expect(over.requestHeader("x-api")).toBeUndefined();
    expect(metric(host, "header_rewrite.undecided")).toBe(1n);
    expect(host.logsAt("warn")).toEqual(["header-rewrite: rule api: match undecided (:path over limits.max_path_bytes); request left unchanged"]);
  });

  it("is rejected out of range by onConfigure and by the schema alike", async () => {
    for (const limits of [{ max_path_bytes: 255 }, { max_path_bytes: 1.5 }, []]) {
      const config = { limits, rules: [{ name: "a", request: setHeader("x-a", "1") }] };
      const rejection = await load(config).then(() => null, (e) => e);
      expect(rejection).toBeInstanceOf(ConfigureRejected);
      expect((rejection as ConfigureRejected).errorLogs.join("\n")).toMatch(/limits(\.max_path_bytes: must be (between 256 and 1048576|an integer)|: must be an object)/);
      expect(validateConfig(config, SCHEMA)).not.toEqual([]);
    }
  });
});
