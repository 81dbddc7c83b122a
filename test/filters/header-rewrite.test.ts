// header-rewrite in the emulator: each feature, and each configuration error with its field path.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";

const WASM = "build/header-rewrite.wasm";

async function plugin(configuration: unknown, host = new Host()): Promise<{ host: Host; plugin: Plugin }> {
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ configuration: configuration as object | string }) };
}

const GET = (path: string, extra: Record<string, string> = {}) => ({ ":method": "GET", ":path": path, ":authority": "example.com", ":scheme": "http", ...extra });

/** One request/response through a plugin; returns the stream for inspection. */
function exchange(p: Plugin, req: Record<string, string>, res: Record<string, string> = { ":status": "200" }, properties?: Record<string, string>) {
  const s = p.newHttpStream({ properties });
  s.sendRequestHeaders(req, { endOfStream: true });
  s.sendResponseHeaders(res, { endOfStream: true });
  s.complete();
  return s;
}

describe("header-rewrite: header actions", () => {
  it("sets, appends, removes, renames and sets-if-absent on request and response headers", async () => {
    const { plugin: p } = await plugin({
      rules: [{
        name: "all-ops",
        request: { headers: [
          { op: "set", name: "X-Set", value: "one" },
          { op: "append", name: "x-multi", value: "second" },
          { op: "remove", name: "x-internal" },
          { op: "rename", name: "x-old", to: "x-new" },
          { op: "set_if_absent", name: "x-keep", value: "default" },
          { op: "set_if_absent", name: "x-fill", value: "filled" },
        ] },
        response: { headers: [{ op: "set", name: "x-served-by", value: "edge" }, { op: "remove", name: "server" }, { op: "rename", name: "x-upstream", to: "x-origin" }] },
      }],
    });
    const s = exchange(p, GET("/", { "x-multi": "first", "x-internal": "secret", "x-old": "v", "x-keep": "mine" }), { ":status": "200", server: "nginx", "x-upstream": "u1" });
    const req = s.requestHeaders;
    expect(s.requestHeader("x-set")).toBe("one");
    expect(req.filter(([k]) => k === "x-multi").map(([, v]) => v)).toEqual(["first", "second"]);
    expect(s.requestHeader("x-internal")).toBeUndefined();
    expect(s.requestHeader("x-old")).toBeUndefined();
    expect(s.requestHeader("x-new")).toBe("v");
    expect(s.requestHeader("x-keep")).toBe("mine");
    expect(s.requestHeader("x-fill")).toBe("filled");
    expect(s.responseHeader("x-served-by")).toBe("edge");
    expect(s.responseHeader("server")).toBeUndefined();
    expect(s.responseHeader("x-origin")).toBe("u1");
  });

  it("rewrites request and response trailers", async () => {
    const { plugin: p } = await plugin({
      rules: [{ name: "t", request: { trailers: [{ op: "set", name: "x-req-trailer", value: "${request.header.x-user}" }] }, response: { trailers: [{ op: "remove", name: "grpc-message" }, { op: "set", name: "x-res-trailer", value: "done" }] } }],
    });
    const s = p.newHttpStream();
    s.sendRequestHeaders({ ...GET("/"), "x-user": "ann" });
    s.sendRequestBody("x");
    s.sendRequestTrailers({ "x-checksum": "1" });
    s.sendResponseHeaders({ ":status": "200" });
    s.sendResponseBody("y");
    s.sendResponseTrailers({ "grpc-status": "0", "grpc-message": "ok" });
    expect(s.requestTrailers).toContainEqual(["x-req-trailer", "ann"]);
    expect(s.responseTrailers).toEqual([["grpc-status", "0"], ["x-res-trailer", "done"]]);
  });
});

describe("header-rewrite: templates", () => {
  it("resolves request headers, request parts, properties, captures and response headers", async () => {
    const { plugin: p } = await plugin({
      rules: [{
        name: "tpl",
        match: { path: { regex: "^/users/(\\d+)/(\\w+)$" } },
        request: { headers: [
          { op: "set", name: "x-user", value: "user=${request.header.x-user-name}" },
          { op: "set", name: "x-line", value: "${request.method} ${request.host}${request.path} ${request.scheme}" },
          { op: "set", name: "x-src", value: "${property.source.address}|${property.source.port}|${property.request.id}|${property.xds.route_name}" },
          { op: "set", name: "x-caps", value: "${path.capture.1}/${path.capture.2}/${path.capture.0}" },
          { op: "set", name: "x-dollar", value: "cost: $$5" },
        ] },
        response: { headers: [
          { op: "set", name: "x-echo-user", value: "${request.header.x-user-name}:${path.capture.1}" },
          { op: "set", name: "x-type", value: "type=${response.header.content-type}" },
        ] },
      }],
    });
    const s = exchange(p, GET("/users/42/posts", { "x-user-name": "bob" }), { ":status": "200", "content-type": "text/plain" }, { "xds.route_name": "users-route" });
    expect(s.requestHeader("x-user")).toBe("user=bob");
    expect(s.requestHeader("x-line")).toBe("GET example.com/users/42/posts http");
    expect(s.requestHeader("x-src")).toMatch(/^127\.0\.0\.1:54321\|54321\|[0-9a-f-]{36}\|users-route$/);
    expect(s.requestHeader("x-caps")).toBe("42/posts//users/42/posts");
    expect(s.requestHeader("x-dollar")).toBe("cost: $5");
    expect(s.responseHeader("x-echo-user")).toBe("bob:42");
    expect(s.responseHeader("x-type")).toBe("type=text/plain");
  });

  it("substitutes an empty value for an absent reference, or skips the action (global and per action)", async () => {
    const rules = [{ name: "m", request: { headers: [
      { op: "set", name: "x-a", value: "[${request.header.x-absent}]" },
      { op: "set", name: "x-b", value: "[${property.no.such.thing}]", on_missing: "skip" },
      { op: "set", name: "x-c", value: "[${request.header.x-absent}]", on_missing: "empty" },
    ] } }];
    const empty = exchange((await plugin({ rules })).plugin, GET("/"));
    expect([empty.requestHeader("x-a"), empty.requestHeader("x-b"), empty.requestHeader("x-c")]).toEqual(["[]", undefined, "[]"]);
    const skip = exchange((await plugin({ on_missing: "skip", rules })).plugin, GET("/"));
    expect([skip.requestHeader("x-a"), skip.requestHeader("x-b"), skip.requestHeader("x-c")]).toEqual([undefined, undefined, "[]"]);
  });

  it("never injects CR/LF from a template value: the action is dropped with a warning", async () => {
    const { host, plugin: p } = await plugin({ rules: [{ name: "inj", request: { headers: [{ op: "set", name: "x-copy", value: "v=${request.header.x-in}" }] } }] });
    const s = exchange(p, GET("/", { "x-in": "a\r\nx-evil: 1" }));
    expect(s.requestHeader("x-copy")).toBeUndefined();
    expect(s.requestHeader("x-evil")).toBeUndefined();
    expect(host.logsAt("warn").join("\n")).toContain("rules[0].request.headers[0]: rendered value contains CR, LF or NUL; action dropped");
  });
});

describe("header-rewrite: matching", () => {
  const rule = (name: string, match: unknown) => ({ name, match, request: { headers: [{ op: "append", name: "x-hit", value: name }] } });
  const hits = (p: Plugin, req: Record<string, string>) => exchange(p, req).requestHeaders.filter(([k]) => k === "x-hit").map(([, v]) => v);

  it("matches on path exact / prefix / regex, ignoring the query", async () => {
    const { plugin: p } = await plugin({ rules: [rule("exact", { path: { exact: "/a" } }), rule("prefix", { path: { prefix: "/a/" } }), rule("regex", { path: { regex: "^/a/\\d+$" } })] });
    expect(hits(p, GET("/a?x=1"))).toEqual(["exact"]);
    expect(hits(p, GET("/a/12?x"))).toEqual(["prefix", "regex"]);
    expect(hits(p, GET("/a/b"))).toEqual(["prefix"]);
    expect(hits(p, GET("/b"))).toEqual([]);
  });

  it("matches on methods, host (port ignored, wildcard), headers and query parameters", async () => {
    const { plugin: p } = await plugin({ rules: [
      rule("post", { method: ["POST", "PUT"] }),
      rule("host", { host: "Example.COM" }),
      rule("wild", { host: "*.example.org" }),
      rule("h-present", { headers: [{ name: "x-debug", present: true }] }),
      rule("h-absent", { headers: [{ name: "authorization", absent: true }] }),
      rule("h-exact", { headers: [{ name: "x-env", exact: "prod" }] }),
      rule("h-regex", { headers: [{ name: "user-agent", regex: "^curl/\\d+" }] }),
      rule("q-present", { query: [{ name: "debug", present: true }] }),
      rule("q-exact", { query: [{ name: "v", exact: "2" }] }),
      rule("q-absent", { query: [{ name: "v", absent: true }] }),
    ] });
    expect(hits(p, { ...GET("/"), ":method": "PUT", ":authority": "example.com:8080", authorization: "x" })).toEqual(["post", "host", "q-absent"]);
    expect(hits(p, { ...GET("/?debug&v=2"), ":authority": "api.example.org", "x-debug": "", "x-env": "prod", "user-agent": "curl/8.1" })).toEqual(["wild", "h-present", "h-absent", "h-exact", "h-regex", "q-present", "q-exact"]);
    expect(hits(p, { ...GET("/?v=3"), ":authority": "example.org", "x-env": "dev", "user-agent": "Mozilla" })).toEqual(["h-absent"]);
  });

  it("applies only the first matching rule in mode first, and matches on the request as received", async () => {
    const rules = [rule("one", { path: { prefix: "/" } }), { name: "two", match: { headers: [{ name: "x-hit", absent: true }] }, request: { headers: [{ op: "append", name: "x-hit", value: "two" }] } }];
    expect(hits((await plugin({ rules })).plugin, GET("/"))).toEqual(["one", "two"]);
    expect(hits((await plugin({ mode: "first", rules })).plugin, GET("/"))).toEqual(["one"]);
  });

  it("remembers per stream which rules matched for the response", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "api", match: { path: { prefix: "/api/" } }, response: { headers: [{ op: "set", name: "cache-control", value: "no-store" }] } }] });
    const a = p.newHttpStream();
    const b = p.newHttpStream();
    a.sendRequestHeaders(GET("/api/x"), { endOfStream: true });
    b.sendRequestHeaders(GET("/static/x"), { endOfStream: true });
    b.sendResponseHeaders({ ":status": "200" });
    a.sendResponseHeaders({ ":status": "200" });
    expect(a.responseHeader("cache-control")).toBe("no-store");
    expect(b.responseHeader("cache-control")).toBeUndefined();
  });
});

describe("header-rewrite: path, query and host", () => {
  it("replaces a version prefix and keeps the query; clears the route cache", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "v1", request: { path: { prefix: { from: "/v1/", to: "/api/v1/" } } } }] });
    const s = exchange(p, GET("/v1/users?id=7"));
    expect(s.requestHeader(":path")).toBe("/api/v1/users?id=7");
    expect(s.routeCacheClears).toBe(1);
    const other = exchange(p, GET("/v2/users"));
    expect(other.requestHeader(":path")).toBe("/v2/users");
    expect(other.routeCacheClears).toBe(0);
  });

  it("substitutes with regex groups, or sets the path from a template with captures", async () => {
    const { plugin: p } = await plugin({ mode: "first", rules: [
      { name: "re", match: { path: { prefix: "/svc/" } }, request: { path: { regex: { pattern: "^/svc/([^/]+)/(.*)$", substitution: "/\\2/on/\\1" } } } },
      { name: "tpl", match: { path: { regex: "^/u/(\\w+)$" } }, request: { path: { set: "/users/${path.capture.1}/profile" } } },
    ] });
    expect(exchange(p, GET("/svc/billing/invoices/3?a=b")).requestHeader(":path")).toBe("/invoices/3/on/billing?a=b");
    expect(exchange(p, GET("/u/ann")).requestHeader(":path")).toBe("/users/ann/profile");
  });

  it("adds, sets and removes query parameters (values percent-encoded)", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "q", request: { query: [
      { op: "remove", name: "token" }, { op: "set", name: "page", value: "1" }, { op: "add", name: "who", value: "${request.header.x-user}" },
    ] } }] });
    expect(exchange(p, GET("/list?token=abc&page=9&page=8&keep=1", { "x-user": "a b&c=é" })).requestHeader(":path")).toBe("/list?keep=1&page=1&who=a%20b%26c%3D%C3%A9");
    expect(exchange(p, GET("/list", { "x-user": "z" })).requestHeader(":path")).toBe("/list?page=1&who=z");
  });

  it("rewrites the host from a template", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "h", match: { headers: [{ name: "x-tenant", present: true }] }, request: { host: "${request.header.x-tenant}.internal" } }] });
    const s = exchange(p, GET("/", { "x-tenant": "acme" }));
    expect(s.requestHeader(":authority")).toBe("acme.internal");
    expect(s.routeCacheClears).toBe(1);
    expect(exchange(p, GET("/")).requestHeader(":authority")).toBe("example.com");
    expect(exchange(p, GET("/", { "x-tenant": "a/b" })).requestHeader(":authority")).toBe("example.com");
  });

  it("counts applied rules as header_rewrite.rule.<name>.applied", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "counted", match: { path: { prefix: "/c" } } }, { name: "never", match: { path: { exact: "/nope" } } }] });
    exchange(p, GET("/c"));
    exchange(p, GET("/c/2"));
    exchange(p, GET("/other"));
    expect(metricValue(p, "header_rewrite.rule.counted.applied")).toBe(2);
    expect(metricValue(p, "header_rewrite.rule.never.applied")).toBe(0);
  });
});

/**
 * A metric's value as Envoy would report it. The emulator stubs the metric host calls for now
 * (they return Unimplemented); this looks for its metrics accessor, and fails clearly until it exists.
 */
function metricValue(p: Plugin, name: string): number | undefined {
  const holders = [p.vm, p, p.vm.host] as unknown as Record<string, unknown>[];
  for (const h of holders) {
    const m = h.metrics as Map<string, unknown> | ((n: string) => unknown) | undefined;
    const fn = h.metric as ((n: string) => unknown) | undefined;
    const v = typeof fn === "function" ? fn.call(h, name) : m instanceof Map ? m.get(name) : typeof m === "function" ? m.call(h, name) : undefined;
    if (v !== undefined) return Number(typeof v === "object" && v !== null && "value" in v ? (v as { value: unknown }).value : v);
  }
  throw new Error(`the emulator exposes no metrics yet (proxy_define_metric is ${p.vm.unimplementedCalls.some((c) => c.name === "proxy_define_metric") ? "stubbed as Unimplemented" : "not called"})`);
}

describe("header-rewrite: configuration errors", () => {
  async function rejected(configuration: unknown): Promise<string> {
    try {
      await plugin(configuration);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigureRejected);
      return (e as ConfigureRejected).errorLogs.join("\n");
    }
    throw new Error("configuration was accepted");
  }
  const cases: [string, unknown, string][] = [
    ["not JSON", "{rules", "(configuration): not valid JSON"],
    ["not an object", [], "(configuration): must be an object, got array"],
    ["rules missing", {}, "rules: is required"],
    ["unknown top-level field", { rules: [], mod: "all" }, "mod: unknown field"],
    ["bad mode", { mode: "any", rules: [] }, "mode: must be one of all, first"],
    ["bad on_missing", { on_missing: "drop", rules: [] }, "on_missing: must be one of empty, skip"],
    ["rule not an object", { rules: [3] }, "rules[0]: must be an object, got number"],
    ["rule name missing", { rules: [{}] }, "rules[0].name: is required"],
    ["rule name invalid", { rules: [{ name: "a.b" }] }, "rules[0].name: must be 1-64 characters"],
    ["duplicate rule name", { rules: [{ name: "a" }, { name: "a" }] }, 'rules[1].name: duplicate rule name "a"'],
    ["unknown rule field", { rules: [{ name: "a", when: {} }] }, "rules[0].when: unknown field"],
    ["unbalanced regex", { rules: [{ name: "a" }, { name: "b" }, { name: "c", match: { path: { regex: "^/(a" } } }] }, "rules[2].match.path.regex: unbalanced parenthesis"],
    ["two path kinds", { rules: [{ name: "a", match: { path: { exact: "/", prefix: "/" } } }] }, "rules[0].match.path: must have exactly one of exact, prefix, regex"],
    ["relative path", { rules: [{ name: "a", match: { path: { prefix: "v1" } } }] }, "rules[0].match.path.prefix: must start with '/'"],
    ["bad method", { rules: [{ name: "a", match: { method: ["GET", "FETCH"] } }] }, "rules[0].match.method[1]: must be one of GET, HEAD, POST"],
    ["empty method list", { rules: [{ name: "a", match: { method: [] } }] }, "rules[0].match.method: must have at least 1 item"],
    ["host with port", { rules: [{ name: "a", match: { host: "a.com:80" } }] }, "rules[0].match.host: must be a host name without port"],
    ["bad match header name", { rules: [{ name: "a", match: { headers: [{ name: "x y", present: true }] } }] }, 'rules[0].match.headers[0].name: "x y" is not a valid header name'],
    ["header match without condition", { rules: [{ name: "a", match: { headers: [{ name: "x" }] } }] }, "rules[0].match.headers[0]: must have exactly one of present, absent, exact, regex"],
    ["present false", { rules: [{ name: "a", match: { headers: [{ name: "x", present: false }] } }] }, "rules[0].match.headers[0].present: must be true"],
    ["bad header regex", { rules: [{ name: "a", match: { headers: [{ name: "x", regex: "a{2,1}" }] } }] }, "rules[0].match.headers[0].regex: numbers out of order"],
    ["lookahead", { rules: [{ name: "a", match: { path: { regex: "(?=x)" } } }] }, "rules[0].match.path.regex: lookahead is not supported"],
    ["bad query name", { rules: [{ name: "a", match: { query: [{ name: "a&b", present: true }] } }] }, "rules[0].match.query[0].name: must be a query parameter name"],
    ["bad op", { rules: [{ name: "a", request: { headers: [{ op: "replace", name: "x", value: "v" }] } }] }, "rules[0].request.headers[0].op: must be one of set, append, remove, rename, set_if_absent"],
    ["invalid action header name", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "bad header", value: "v" }] } }] }, 'rules[0].request.headers[0].name: "bad header" is not a valid header name'],
    ["pseudo-header action", { rules: [{ name: "a", request: { headers: [{ op: "set", name: ":path", value: "/" }] } }] }, "rules[0].request.headers[0].name: pseudo-headers cannot be changed here"],
    ["value missing", { rules: [{ name: "a", response: { headers: [{ op: "append", name: "x" }] } }] }, "rules[0].response.headers[0].value: is required"],
    ["rename without to", { rules: [{ name: "a", request: { headers: [{ op: "rename", name: "x" }] } }] }, "rules[0].request.headers[0].to: is required"],
    ["value on remove", { rules: [{ name: "a", request: { headers: [{ op: "remove", name: "x", value: "v" }] } }] }, "rules[0].request.headers[0].value: not used by remove"],
    ["CRLF literal", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "a\r\nb: c" }] } }] }, "rules[0].request.headers[0].value: must not contain CR, LF or NUL"],
    ["unknown variable", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "${request.cookie.a}" }] } }] }, "rules[0].request.headers[0].value: unknown variable ${request.cookie.a}"],
    ["unterminated template", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "${request.path" }] } }] }, "rules[0].request.headers[0].value: unterminated ${"],
    ["lone dollar", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "$5" }] } }] }, "must start ${…} (write $$ for a literal $)"],
    ["capture without regex", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "${path.capture.1}" }] } }] }, "the rule has no match.path.regex to capture from"],
    ["capture out of range", { rules: [{ name: "a", match: { path: { regex: "^/(a)$" } }, request: { headers: [{ op: "set", name: "x", value: "${path.capture.2}" }] } }] }, "match.path.regex has only 1 group"],
    ["response header in request", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "${response.header.y}" }] } }] }, "response headers are only available in response actions"],
    ["bad template header", { rules: [{ name: "a", request: { headers: [{ op: "set", name: "x", value: "${request.header.}" }] } }] }, "is not a valid header name"],
    ["two path rewrites", { rules: [{ name: "a", request: { path: { set: "/a", prefix: { from: "/", to: "/b" } } } }] }, "rules[0].request.path: must have exactly one of prefix, regex, set"],
    ["prefix rewrite missing to", { rules: [{ name: "a", request: { path: { prefix: { from: "/" } } } }] }, "rules[0].request.path.prefix.to: is required"],
    ["bad rewrite regex", { rules: [{ name: "a", request: { path: { regex: { pattern: "[a-", substitution: "/" } } } }] }, "rules[0].request.path.regex.pattern: missing ']'"],
    ["substitution group out of range", { rules: [{ name: "a", request: { path: { regex: { pattern: "^/(a)", substitution: "/\\2" } } } }] }, "rules[0].request.path.regex.substitution: \\2 refers to a group the pattern does not have"],
    ["bad query op", { rules: [{ name: "a", request: { query: [{ op: "append", name: "q", value: "v" }] } }] }, "rules[0].request.query[0].op: must be one of add, set, remove"],
    ["host not a string", { rules: [{ name: "a", request: { host: 5 } }] }, "rules[0].request.host: must be a string, got number"],
    ["response path", { rules: [{ name: "a", response: { path: { set: "/" } } }] }, "rules[0].response.path: unknown field (expected headers, trailers)"],
  ];

  for (const [what, config, message] of cases) {
    it(`rejects ${what}`, async () => {
      const logs = await rejected(typeof config === "string" ? config : config);
      expect(logs).toContain("header-rewrite: invalid configuration:");
      expect(logs).toContain(message);
    });
  }

  it("reports every problem at once, in one error line", async () => {
    const logs = await rejected({ mode: "x", rules: [{ name: "a", match: { method: ["get"] } }, { name: "b", request: { headers: [{ op: "set", name: "", value: "v" }] } }] });
    expect(logs).toContain("mode: must be one of all, first; rules[0].match.method[0]: must be one of GET");
    expect(logs).toContain("rules[1].request.headers[0].name: must not be empty");
  });

  it("keeps the previous configuration when a new one is rejected", async () => {
    const { plugin: p } = await plugin({ rules: [{ name: "a", request: { headers: [{ op: "set", name: "x-v", value: "1" }] } }] });
    expect(() => p.reconfigure({ rules: [{ name: "a", match: { path: { regex: "(" } } }] })).toThrow(ConfigureRejected);
    expect(exchange(p, GET("/")).requestHeader("x-v")).toBe("1");
  });

  it("accepts the shipped sample config.json", async () => {
    const { readFileSync } = await import("node:fs");
    const { plugin: p } = await plugin(readFileSync("assembly/filters/header-rewrite/config.json", "utf8"));
    const s = exchange(p, GET("/v1/users?debug=1&x=2", { "x-request-id": "rid-1" }), { ":status": "200", server: "up", "x-internal-trace": "t" });
    expect(s.requestHeader(":path")).toBe("/api/v1/users?x=2");
    expect(s.requestHeader("x-api-version")).toBe("1");
    expect(s.responseHeader("x-request-id")).toBe("rid-1");
    expect(s.responseHeader("server")).toBeUndefined();
    expect(s.responseHeader("x-trace")).toBe("t");
  });
});
