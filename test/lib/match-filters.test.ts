// One `match` dialect for auth, header-rewrite and rate-limit (issue 19): the same match object is
// accepted by each filter's schema.json (which $refs assembly/lib/match/match.schema.json) and by
// its onConfigure, selects the same requests in each, and is rejected by both alike.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

type Req = Record<string, string>;
type Match = Record<string, unknown>;

interface Filter {
  /** A configuration whose one rule has `match`. */
  config(match: Match): object;
  /** Sends `req` on `p`; whether the rule applied to it. */
  applied(p: Plugin, host: Host, req: Req): boolean;
}

const FILTERS: Record<string, Filter> = {
  auth: {
    config: (match) => ({ default: "allow", rules: [{ name: "m", match, deny: true }] }),
    applied: (p, _host, req) => {
      const s = p.newHttpStream();
      s.sendRequestHeaders(req, { endOfStream: true });
      return s.localResponse?.status === 403;
    },
  },
  "header-rewrite": {
    config: (match) => ({ rules: [{ name: "m", match, request: { headers: [{ op: "set", name: "x-matched", value: "1" }] } }] }),
    applied: (p, _host, req) => {
      const s = p.newHttpStream();
      s.sendRequestHeaders(req, { endOfStream: true });
      return s.requestHeader("x-matched") === "1";
    },
  },
  "rate-limit": {
    config: (match) => ({ rules: [{ name: "m", match, key: [{ source: "constant" }], limits: [{ requests: 1000, per: "minute" }] }] }),
    // Applied = counted: the rule's admitted metric grew.
    applied: (p, host, req) => {
      const before = host.metric("rate_limit.rule.m.admitted")?.value ?? 0n;
      p.newHttpStream().sendRequestHeaders(req, { endOfStream: true });
      return (host.metric("rate_limit.rule.m.admitted")?.value ?? 0n) > before;
    },
  },
};

const schema = (name: string) => `assembly/filters/${name}/schema.json`;
const wasm = (name: string) => `build/${name}.wasm`;

/** For each filter: which of `requests` its rule with `match` applied to. */
async function appliedIn(name: string, match: Match, requests: Req[]): Promise<boolean[]> {
  const f = FILTERS[name];
  const config = f.config(match);
  expect(validateConfig(config, schema(name))).toEqual([]);
  const host = new Host();
  const vm = await host.loadVm(wasm(name));
  const plugin = vm.createPlugin({ configuration: config });
  return requests.map((req) => f.applied(plugin, host, req));
}

/** Both checks' answers for a match each filter should reject: [schema problems, onConfigure error line]. */
async function rejectedIn(name: string, match: Match): Promise<[string[], string]> {
  const config = FILTERS[name].config(match);
  const host = new Host();
  const vm = await host.loadVm(wasm(name));
  try {
    vm.createPlugin({ configuration: config });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigureRejected);
    return [validateConfig(config, schema(name)), (e as ConfigureRejected).errorLogs.join("\n")];
  }
  return [validateConfig(config, schema(name)), ""];
}

const GET = (path: string, extra: Req = {}): Req => ({ ":method": "GET", ":path": path, ":authority": "api.example.com", ":scheme": "http", ...extra });
const NAMES = Object.keys(FILTERS);

describe("one match dialect in every filter", () => {
  it.each(NAMES)("%s: a path regex matches the whole path, as Envoy's safe_regex (header-rewrite and rate-limit searched it)", async (name) => {
    expect(await appliedIn(name, { path: { regex: "/users/\\d+" } }, [GET("/users/12"), GET("/api/users/12"), GET("/users/12/x"), GET("/users/12?page=2")]))
      .toEqual([true, false, false, true]);
  });

  it.each(NAMES)("%s: host takes a list, compared case-insensitively without the port (auth only took lists)", async (name) => {
    const hosts = ["API.example.com:8443", "www.example.com", "example.com", "cdn.other.org"].map((h) => GET("/", { ":authority": h }));
    expect(await appliedIn(name, { host: ["api.example.com", "*.other.org"] }, hosts)).toEqual([true, false, false, true]);
    expect(await appliedIn(name, { host: "*.Example.com" }, hosts)).toEqual([true, true, false, false]);
  });

  it.each(NAMES)("%s: header and query conditions (auth had neither, rate-limit no query)", async (name) => {
    const match = { method: ["GET"], headers: [{ name: "x-tier", exact: "free" }], query: [{ name: "debug", present: true }] };
    expect(await appliedIn(name, match, [
      GET("/?debug", { "x-tier": "free" }), GET("/?debug=1", { "x-tier": "paid" }), GET("/?debugger=1", { "x-tier": "free" }), { ...GET("/?debug", { "x-tier": "free" }), ":method": "POST" },
    ])).toEqual([true, false, false, false]);
  });

  it.each(NAMES.flatMap((name) => [
    [name, { host: "*." }, "rules[0].match.host: must be a host name without port"],
    [name, { host: ["a.com", "b.com:80"] }, "rules[0].match.host[1]: must be a host name without port"],
    [name, { query: [{ name: "a%b", present: true }] }, "rules[0].match.query[0].name: must be a query parameter name"],
    [name, { path: { exact: "users" } }, "rules[0].match.path.exact: must start with '/'"],
    [name, { method: ["FETCH"] }, "rules[0].match.method[0]: must be one of GET"],
  ] as [string, Match, string][]))("%s rejects %j in schema.json and onConfigure alike", async (name, match, message) => {
    const [schemaProblems, logged] = await rejectedIn(name, match);
    expect(schemaProblems.length).toBeGreaterThan(0);
    expect(logged).toContain(message);
  });
});
