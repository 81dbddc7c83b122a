// header-rewrite under hostile sizes (issue 20): no request can trap the VM, and what a request
// costs grows linearly with it. Sizes are past Envoy's defaults (60 KiB headers and path). Each
// test checks the answer, the VM's memory after the request (quadratic string building used
// hundreds of MiB to GiB here, or trapped) and that the next request is still served.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

const WASM = "build/header-rewrite.wasm";
const SCHEMA = "assembly/filters/header-rewrite/schema.json";
const KIB = 1024;
const MIB = 1024 * KIB;
/** Memory a request may leave the VM with: generous, and still far below the quadratic cost. */
const MEMORY_BOUND = 16 * MIB;

async function plugin(configuration: unknown): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ configuration: configuration as object }) };
}

const GET = (path: string, extra: Record<string, string> = {}) => ({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http", ...extra });

function exchange(p: Plugin, req: Record<string, string>) {
  const s = p.newHttpStream();
  s.sendRequestHeaders(req, { endOfStream: true });
  s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
  s.complete();
  return s;
}

/** The next, ordinary request still goes through the filter (no trapped VM). */
function expectStillServing(p: Plugin): void {
  const s = exchange(p, GET("/after?x=1", { "x-page": "2", "x-big": "b" }));
  expect(s.localResponse).toBeUndefined();
  expect(p.vm.failed).toBe(false);
}

describe("header-rewrite: templates and queries are linear in the request", () => {
  it("percent-encodes a 60 KiB header into a query parameter", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "page", request: { query: [{ op: "set", name: "page", value: "${request.header.x-page}" }] } }] });
    const value = "!".repeat(60 * KIB);
    const s = exchange(p, GET("/list?a=1", { "x-page": value }));
    expect(s.requestHeader(":path")).toBe("/list?a=1&page=" + "%21".repeat(value.length));
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
    expectStillServing(p);
  });

  it("renders a template of 128 references to a 4 KiB header", async () => {
    const value = "${request.header.x-big}".repeat(128);
    const { plugin: p } = await plugin({ rules: [{ name: "copy", request: { headers: [{ op: "set", name: "x-copy", value }] } }] });
    const big = "v".repeat(4 * KIB);
    const s = exchange(p, GET("/", { "x-big": big }));
    expect(s.requestHeader("x-copy")).toBe(big.repeat(128));
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
    expectStillServing(p);
  });

  it("removes a parameter from a 60 KiB query of 15,000 parameters", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "drop", request: { query: [{ op: "remove", name: "drop" }] } }] });
    const kept = "k=1&".repeat(15_000);
    const s = exchange(p, GET(`/p?${kept}drop=1`));
    expect(s.requestHeader(":path")).toBe(`/p?${kept.slice(0, -1)}`);
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
    expectStillServing(p);
  });
});

describe("header-rewrite: a path regex rewrite has one step budget", () => {
  const regexRule = (pattern: string, substitution: string) => ({ rules: [{ name: "re", request: { path: { regex: { pattern, substitution } } } }] });
  const metric = (host: Host) => host.metric("header_rewrite.rule.re.path_regex_limit")?.value;

  it("rewrites each of 30,000 matches of a simple pattern", async () => {
    const { host, plugin: p } = await plugin(regexRule("a", "b"));
    const s = exchange(p, GET("/" + "a".repeat(30_000)));
    expect(s.requestHeader(":path")).toBe("/" + "b".repeat(30_000));
    expect(Number(metric(host))).toBe(0);
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
    expectStillServing(p);
  });

  it("gives up a pattern that rescans the path per match: path unchanged, counted, one short warning", async () => {
    // a+b|a on a run of a's: every search runs to the end of the path looking for a b, once per
    // match. 4,000 a's is about 24 million steps; the budget for the whole rewrite is that of one
    // search over the path: 32 steps a character, at least 200,000.
    const { host, plugin: p } = await plugin(regexRule("a+b|a", "x"));
    const path = "/" + "a".repeat(4_000);
    const s = exchange(p, GET(path));
    expect(s.requestHeader(":path")).toBe(path);
    expect(s.routeCacheClears).toBe(0);
    expect(Number(metric(host))).toBe(1);
    const warnings = host.logsAt("warn");
    expect(warnings).toEqual(["header-rewrite: rules[0].request.path: regex ran out of its step budget on a path of 4001 characters; path left unchanged"]);
    expectStillServing(p);
  });

  it("answers a 60 KiB path of the same kind (unchanged, counted), and rewrites //+ over a 60 KiB path, without trapping", async () => {
    for (const [pattern, substitution, ch, expected, limited] of [["a+b|a", "x", "a", null, 1], ["//+", "/", "/", "/", 0]] as const) {
      const { host, plugin: p } = await plugin(regexRule(pattern, substitution));
      const path = "/" + ch.repeat(60 * KIB);
      const s = exchange(p, GET(path));
      expect(s.requestHeader(":path")).toBe(expected ?? path);
      expect(Number(metric(host))).toBe(limited);
      expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
      expectStillServing(p);
    }
  });
});

describe("header-rewrite: warnings per request are bounded", () => {
  it("quotes at most 100 characters of a rejected path, escaped, and writes at most one warning a second", async () => {
    const { host, plugin: p } = await plugin({ rules: [{ name: "set", request: { path: { set: "${request.header.x-p}" } } }] });
    const bad = "/a b\t" + "c".repeat(60 * KIB);
    exchange(p, GET("/", { "x-p": bad }));
    exchange(p, GET("/", { "x-p": bad }));
    expect(host.logsAt("warn")).toEqual([
      `header-rewrite: rules[0].request.path: rewritten path "/a b\\t${"c".repeat(95)}… (${bad.length - 100} more)" is not a clean absolute path; left unchanged`,
    ]);
    host.advanceTime(1000);
    exchange(p, GET("/", { "x-p": "/x y" }));
    expect(host.logsAt("warn")[1]).toBe('header-rewrite: rules[0].request.path: rewritten path "/x y" is not a clean absolute path; left unchanged (1 similar warning suppressed)');
  });
});

describe("header-rewrite: configuration errors", () => {
  async function rejected(configuration: unknown): Promise<{ line: string; memory: number }> {
    const host = new Host();
    const vm = await host.loadVm(WASM);
    let error: unknown;
    try {
      vm.createPlugin({ configuration: configuration as object | string });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigureRejected);
    const lines = host.logsAt("error");
    expect(lines).toHaveLength(1);
    return { line: lines[0]!, memory: vm.memoryBytes() };
  }

  it("rejects 6,000 bad rules with the first 20 problems and a count, in linear memory", async () => {
    const rules = Array.from({ length: 6000 }, (_, i) => ({ name: `bad name ${i}` }));
    const { line, memory } = await rejected({ rules });
    const problems = line.replace("header-rewrite: invalid configuration: ", "").split("; ");
    expect(problems).toHaveLength(21);
    expect(problems[0]).toBe("rules[0].name: must be 1-64 characters of A-Z a-z 0-9 _ -");
    expect(problems[19]).toBe("rules[19].name: must be 1-64 characters of A-Z a-z 0-9 _ -");
    expect(problems[20]).toBe("and 5980 more problems");
    expect(memory).toBeLessThan(32 * MIB);
  });

  it("reports a JSON syntax error alone", async () => {
    const { line } = await rejected('{"rules": [');
    expect(line).toBe("header-rewrite: invalid configuration: (configuration): not valid JSON: unexpected end of input at offset 11");
  });

  it("escapes CR and LF of configuration strings in the error line", async () => {
    const { line } = await rejected({ rules: [], "x\r\nforged: line": 1 });
    expect(line).toBe("header-rewrite: invalid configuration: x\\r\\nforged: line: unknown field (expected mode, on_missing, limits, rules)");
  });

  it("agrees with schema.json on an empty regex and on CR, LF or NUL inside a template", async () => {
    const cases: [unknown, string][] = [
      [{ rules: [{ name: "r", match: { path: { regex: "" } } }] }, "rules[0].match.path.regex: must not be empty"],
      [{ rules: [{ name: "r", match: { headers: [{ name: "x", regex: "" }] } }] }, "rules[0].match.headers[0].regex: must not be empty"],
      [{ rules: [{ name: "r", request: { headers: [{ op: "set", name: "x", value: "${request.method}\r\nx-evil: 1" }] } }] }, "rules[0].request.headers[0].value: must not contain CR, LF or NUL"],
      [{ rules: [{ name: "r", request: { host: "${request.host}\u0000" } }] }, "rules[0].request.host: must not contain CR, LF or NUL"],
    ];
    for (const [config, problem] of cases) {
      expect(validateConfig(config, SCHEMA)).not.toEqual([]);
      expect((await rejected(config)).line).toBe(`header-rewrite: invalid configuration: ${problem}`);
    }
  });
});
