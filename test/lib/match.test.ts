// envoy-as/lib/match in the emulator, through the match-harness fixture
// (test/fixtures/filters/match-harness): one RequestView, the path / host / query / method /
// header conditions with their MATCH, NO_MATCH, UNDECIDED answers, and the `match` reader's errors.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";

const WASM = "build/test/match-harness.wasm";

type Req = Record<string, string>;
interface Outcome { result: string; captures?: (string | null)[]; view: Record<string, unknown>; lookup: (string | null)[] }

async function harness(configuration: object): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ configuration }) };
}

/** Sends one request's headers; what the harness logged for it. */
function send(host: Host, p: Plugin, headers: Req): Outcome {
  const before = host.logsAt("info").length;
  p.newHttpStream().sendRequestHeaders(headers, { endOfStream: true });
  const lines = host.logsAt("info").slice(before);
  const get = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
  const captures = get("captures");
  return { result: get("result")!, ...(captures ? { captures: JSON.parse(captures) } : {}), view: JSON.parse(get("view")!), lookup: JSON.parse(get("lookup")!) };
}

const GET = (path: string, extra: Req = {}): Req => ({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http", ...extra });

/** result of each request under `match`. */
async function results(match: object, requests: Req[], top: object = {}): Promise<string[]> {
  const { host, plugin } = await harness({ match, ...top });
  return requests.map((r) => send(host, plugin, r).result);
}

async function rejection(configuration: object): Promise<string> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  try {
    vm.createPlugin({ configuration });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigureRejected);
    const lines = (e as ConfigureRejected).errorLogs;
    expect(lines).toHaveLength(1);
    return lines[0];
  }
  throw new Error(`accepted: ${JSON.stringify(configuration)}`);
}

describe("lib/match: RequestView", () => {
  it("splits :path at the first '?', lower-cases :authority and strips its port", async () => {
    const { host, plugin } = await harness({ match: {} });
    expect(send(host, plugin, GET("/a/b?x=1?y", { ":authority": "API.Example.COM:8443" })).view)
      .toEqual({ path: "/a/b", query: "x=1?y", hasQuery: true, method: "GET", host: "api.example.com", tooLong: false });
    expect(send(host, plugin, GET("/p?", { ":authority": "[::1]:8080" })).view).toMatchObject({ path: "/p", query: "", hasQuery: true, host: "[::1]" });
    // A bare IPv6 address has no port to strip.
    expect(send(host, plugin, GET("/", { ":authority": "fe80::1" })).view).toMatchObject({ query: "", hasQuery: false, host: "fe80::1" });
  });

  it("reports a :path over max_path_bytes (with its query) as too long", async () => {
    const { host, plugin } = await harness({ match: {}, max_path_bytes: 300 });
    expect(send(host, plugin, GET("/" + "a".repeat(299))).view.tooLong).toBe(false);
    expect(send(host, plugin, GET("/" + "a".repeat(290) + "?q=" + "b".repeat(10))).view.tooLong).toBe(true);
  });
});

describe("lib/match: path", () => {
  it("matches exact, prefix and a regex against the path without its query", async () => {
    const reqs = [GET("/a"), GET("/a?x=1"), GET("/a/12"), GET("/ab")];
    expect(await results({ path: { exact: "/a" } }, reqs)).toEqual(["MATCH", "MATCH", "NO_MATCH", "NO_MATCH"]);
    expect(await results({ path: { prefix: "/a/" } }, reqs)).toEqual(["NO_MATCH", "NO_MATCH", "MATCH", "NO_MATCH"]);
    expect(await results({ path: { regex: "/a/\\d+" } }, reqs)).toEqual(["NO_MATCH", "NO_MATCH", "MATCH", "NO_MATCH"]);
  });

  it("matches a regex against the whole path, as Envoy's safe_regex does (not a search)", async () => {
    const reqs = [GET("/users/12"), GET("/api/users/12"), GET("/users/12/edit"), GET("/users/x")];
    expect(await results({ path: { regex: "/users/\\d+" } }, reqs)).toEqual(["MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH"]);
    // An alternation is anchored as a whole, not only its first and last branch.
    expect(await results({ path: { regex: "/a|/b" } }, [GET("/a"), GET("/b"), GET("/ab"), GET("/xb")])).toEqual(["MATCH", "MATCH", "NO_MATCH", "NO_MATCH"]);
  });

  it("keeps the regex's groups as captures, group 0 the whole path", async () => {
    const { host, plugin } = await harness({ match: { path: { regex: "/v(\\d+)/(\\w+)(/x)?" } } });
    expect(send(host, plugin, GET("/v2/users?page=3"))).toMatchObject({ result: "MATCH", captures: ["/v2/users", "2", "users", null] });
    const miss = send(host, plugin, GET("/v2/users/y"));
    expect(miss.result).toBe("NO_MATCH");
    expect(miss.captures).toBeUndefined();
  });

  it("is undecided when a regex runs out of its step budget, or on a :path over the limit", async () => {
    // 16 nested .*/ loops stay alive on a path of many segments: over the step budget.
    const heavy = { path: { regex: "/admin/(?:.*/){16}.*" } };
    expect(await results(heavy, [GET("/admin/" + "a/".repeat(6_000)), GET("/admin/a/b"), GET("/public/" + "a/".repeat(6_000))]))
      .toEqual(["UNDECIDED", "NO_MATCH", "NO_MATCH"]);
    const long = GET("/admin/" + "a".repeat(400));
    expect(await results({ path: { prefix: "/admin/" } }, [long, GET("/admin/x")], { max_path_bytes: 300 })).toEqual(["UNDECIDED", "MATCH"]);
    // Another condition that fails still rules the request out.
    expect(await results({ path: { prefix: "/admin/" }, method: ["POST"] }, [long], { max_path_bytes: 300 })).toEqual(["NO_MATCH"]);
    expect(await results({ path: { prefix: "/admin/" }, headers: [{ name: "x-a", present: true }] }, [long], { max_path_bytes: 300 })).toEqual(["NO_MATCH"]);
  });
});

describe("lib/match: host", () => {
  it("takes one host or a list, case-insensitive and without the port; *. matches subdomains only", async () => {
    const hosts = ["a.example.com", "A.EXAMPLE.com:80", "b.example.com", "example.com", "x.y.example.com", "other.com"]
      .map((h) => GET("/", { ":authority": h }));
    expect(await results({ host: "A.example.com" }, hosts)).toEqual(["MATCH", "MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH"]);
    expect(await results({ host: ["a.example.com", "b.example.com"] }, hosts)).toEqual(["MATCH", "MATCH", "MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH"]);
    expect(await results({ host: ["*.Example.com"] }, hosts)).toEqual(["MATCH", "MATCH", "MATCH", "NO_MATCH", "MATCH", "NO_MATCH"]);
    expect(await results({ host: "[::1]" }, [GET("/", { ":authority": "[::1]:443" }), GET("/", { ":authority": "[::2]" })])).toEqual(["MATCH", "NO_MATCH"]);
  });
});

describe("lib/match: query", () => {
  it("finds a parameter by its name up to the first '=': name and name= are empty, as sent", async () => {
    const { host, plugin } = await harness({ match: {}, lookup: ["a", "b", "c", "ab", "d"] });
    expect(send(host, plugin, GET("/?ab=1&a=x=y&b&c=&a=2")).lookup).toEqual(["x=y", "", "", "1", null]);
    expect(send(host, plugin, GET("/?a%20=1&&a")).lookup).toEqual(["", null, null, null, null]);
    expect(send(host, plugin, GET("/")).lookup).toEqual([null, null, null, null, null]);
  });

  it("matches present, absent and exact parameters", async () => {
    const match = { query: [{ name: "page", present: true }, { name: "debug", absent: true }, { name: "v", exact: "2" }] };
    expect(await results(match, [GET("/?page=1&v=2"), GET("/?page&v=2"), GET("/?v=2"), GET("/?page=1&v=2&debug"), GET("/?page=1&v=3"), GET("/?page=1&v=2x")]))
      .toEqual(["MATCH", "MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH"]);
  });
});

describe("lib/match: method and headers", () => {
  it("matches any of the methods", async () => {
    expect(await results({ method: ["GET", "HEAD"] }, [GET("/"), { ...GET("/"), ":method": "HEAD" }, { ...GET("/"), ":method": "POST" }])).toEqual(["MATCH", "MATCH", "NO_MATCH"]);
  });

  it("matches present, absent, exact and regex header conditions, pseudo-headers too", async () => {
    const match = { headers: [{ name: "X-Tier", exact: "free" }, { name: "x-debug", absent: true }, { name: "user-agent", regex: "^curl/\\d+" }, { name: ":scheme", present: true }] };
    expect(await results(match, [
      GET("/", { "x-tier": "free", "user-agent": "curl/8.1" }),
      GET("/", { "x-tier": "paid", "user-agent": "curl/8.1" }),
      GET("/", { "x-tier": "free", "user-agent": "curl/8.1", "x-debug": "1" }),
      GET("/", { "x-tier": "free", "user-agent": "wget/1" }),
      GET("/", { "x-tier": "free" }),
    ])).toEqual(["MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH", "NO_MATCH"]);
  });

  it("is undecided when a header regex runs out of its step budget", async () => {
    const match = { headers: [{ name: "x-tags", regex: "^(?:.*,){16}.*$" }] };
    expect(await results(match, [GET("/", { "x-tags": "a,".repeat(6_000) }), GET("/", { "x-tags": "a,b" })])).toEqual(["UNDECIDED", "NO_MATCH"]);
  });
});

describe("lib/match: readMatch", () => {
  it.each([
    [{ path: { exact: "a" } }, "match.path.exact: must start with '/'"],
    [{ path: { prefix: "/", regex: "/" } }, "match.path: must have exactly one of exact, prefix, regex (found 2)"],
    [{ path: { regex: "" } }, "match.path.regex: must not be empty"],
    // Checked as written: a pattern that only balances inside the anchoring group is still rejected.
    [{ path: { regex: "a)|(b" } }, "match.path.regex: unbalanced parenthesis: unmatched ')' at offset 1"],
    [{ method: ["GET", "FETCH"] }, "match.method[1]: must be one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH"],
    [{ host: "a.com:80" }, "match.host: must be a host name without port; only a leading '*.' wildcard is allowed"],
    [{ host: ["a.com", "*."] }, "match.host[1]: must be a host name without port; only a leading '*.' wildcard is allowed"],
    [{ host: ["a.*.com"] }, "match.host[0]: must be a host name without port; only a leading '*.' wildcard is allowed"],
    [{ host: [] }, "match.host: must have at least 1 item"],
    [{ headers: [{ name: "bad name", present: true }] }, "match.headers[0].name: \"bad name\" is not a valid header name"],
    [{ headers: [{ name: "x", present: false }] }, "match.headers[0].present: must be true (use absent instead)"],
    [{ query: [{ name: "a%b", present: true }] }, "match.query[0].name: must be a query parameter name without & = # % ? or spaces"],
    [{ query: [{ name: "a", exact: "1", regex: "x" }] }, "match.query[0].regex: unknown field (expected name, present, absent, exact)"],
    [{ scheme: "https" }, "match.scheme: unknown field (expected path, method, host, headers, query)"],
  ])("rejects %j with one line naming the field", async (match, message) => {
    expect(await rejection({ match })).toBe(`[error] match-harness: invalid configuration: ${message}`);
  });
});
