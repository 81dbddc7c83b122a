// auth in the emulator: a rule whose match cannot be decided fails closed (issue 20). Long paths
// used to exhaust the path regex's step budget, which read as "no match": with default allow,
// /admin/ + ~33,000 characters reached the upstream without a credential. Now the budget grows
// with the path (ordinary patterns always decide), a regex that still runs out denies, and a
// :path over limits.max_path_bytes is answered 414.
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

const WASM = "build/auth.wasm";
const SCHEMA = "assembly/filters/auth/schema.json";
const KEY = "acme-key-0123456789";

async function load(configuration: object): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  return { host, plugin: vm.createPlugin({ rootId: "auth", configuration }) };
}

/** A GET of `path`; the upstream answers 200 when the filter lets the request through. */
function send(p: Plugin, path: string, extra: Record<string, string> = {}): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": path, ":authority": "api.example.com", ":scheme": "https", ...extra }, { endOfStream: true });
  if (!s.localResponse && !s.paused.request) {
    s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    s.complete();
  }
  return s;
}

/** What the client sees: the local reply's status and JSON reason, or 200 upstream. */
function outcome(s: HttpStream): { status: number; reason: string; error?: string } {
  const lr = s.localResponse;
  if (!lr) return { status: 200, reason: "" };
  const body = JSON.parse(lr.bodyText);
  return { status: lr.status, reason: body.reason, error: body.error };
}

const keys = { name: "keys", api_key: { consumers: [{ name: "acme", key: KEY }] } };
/** default allow, one rule requiring an API key on paths matching `regex`. */
const guarded = (regex: string, extra: Record<string, unknown> = {}) => ({
  default: "allow", providers: [keys], rules: [{ name: "admin", match: { path: { regex } }, requires: "keys" }], ...extra,
});
const metric = (host: Host, name: string) => host.metric(name)?.value ?? 0n;

describe("auth: long paths against path regexes", () => {
  it("requires the key on /admin/ + 60,000 characters under ^/admin/.*$ (was let through with default allow)", async () => {
    const { host, plugin } = await load(guarded("^/admin/.*$"));
    const path = "/admin/" + "a".repeat(60_000);
    expect(outcome(send(plugin, path))).toEqual({ status: 401, reason: "missing", error: "unauthorized" });
    expect(metric(host, "auth.denied.missing")).toBe(1n);
    expect(metric(host, "auth.default_allowed")).toBe(0n);
    // The rule decided (it matched): the key lets the same request through, and nothing was undecided.
    expect(outcome(send(plugin, path, { "x-api-key": KEY })).status).toBe(200);
    expect(metric(host, "auth.denied.match_undecided")).toBe(0n);
    expect(host.logsAt("warn")).toEqual([]);
  });

  it("requires the key under ^/admin/(\\w|-|\\.|/)+$ for every length from 12,500 to 60,000", async () => {
    const { host, plugin } = await load(guarded("^/admin/(\\w|-|\\.|/)+$"));
    const lengths = [12_500, 20_000, 33_000, 45_000, 60_000];
    for (const n of lengths) {
      const path = "/admin/" + "a-b.c/".repeat(n / 6 + 1).slice(0, n);
      expect([n, outcome(send(plugin, path)).status]).toEqual([n, 401]);
      expect([n, outcome(send(plugin, path, { "x-api-key": KEY })).status]).toEqual([n, 200]);
    }
    expect(metric(host, "auth.denied.missing")).toBe(BigInt(lengths.length));
    expect(metric(host, "auth.default_allowed")).toBe(0n);
  });

  it("denies 403 match_undecided when a require rule's regex runs out of its step budget, and logs the rule", async () => {
    // 16 nested .*/ loops stay alive on a path of many segments: 32+ steps a character, over budget.
    const { host, plugin } = await load(guarded("^/admin/(?:.*/){16}.*$"));
    const path = "/admin/" + "a/".repeat(6_000);
    expect(outcome(send(plugin, path))).toEqual({ status: 403, reason: "match_undecided", error: "forbidden" });
    // Undecided whatever the credential: the filter cannot tell whether the rule applies.
    expect(outcome(send(plugin, path, { "x-api-key": KEY }))).toMatchObject({ status: 403, reason: "match_undecided" });
    expect(metric(host, "auth.denied.match_undecided")).toBe(2n);
    expect(metric(host, "auth.default_allowed")).toBe(0n);
    const warns = host.logsAt("warn");
    expect(warns).toHaveLength(2);
    expect(warns[0]).toBe("auth: rule admin: path regex ran out of its step budget on a path of 12007 characters; denied");
    // A short path under the same rule decides as before.
    expect(outcome(send(plugin, "/admin/" + "a/".repeat(20))).status).toBe(401);
    expect(outcome(send(plugin, "/public")).status).toBe(200);
  });

  it("denies when a deny rule cannot be decided, and does not take an undecidable allow rule", async () => {
    const { host, plugin } = await load({
      default: "deny",
      providers: [keys],
      rules: [
        { name: "open", match: { path: { regex: "^/files/(?:.*/){16}.*$" } }, allow: true },
        { name: "blocked", match: { path: { regex: "^/secret/(?:.*/){16}.*$" } }, deny: true },
        { name: "rest", match: { path: { prefix: "/" } }, requires: "keys" },
      ],
    });
    const deep = "a/".repeat(6_000);
    // The bypass is not taken: the request falls through to the next rule, which wants the key.
    expect(outcome(send(plugin, "/files/" + deep))).toEqual({ status: 401, reason: "missing", error: "unauthorized" });
    expect(outcome(send(plugin, "/files/" + deep, { "x-api-key": KEY })).status).toBe(200);
    expect(metric(host, "auth.bypass")).toBe(0n);
    // The deny rule may have matched: denied, even with a key.
    expect(outcome(send(plugin, "/secret/" + deep, { "x-api-key": KEY }))).toMatchObject({ status: 403, reason: "match_undecided" });
    expect(host.logsAt("warn")).toEqual(["auth: rule blocked: path regex ran out of its step budget on a path of 12008 characters; denied"]);
    // Short paths decide: the bypass and the deny rule work as configured.
    expect(outcome(send(plugin, "/files/" + "a/".repeat(16) + "x")).status).toBe(200);
    expect(outcome(send(plugin, "/secret/" + "a/".repeat(16) + "x", { "x-api-key": KEY }))).toMatchObject({ status: 403, reason: "rule_deny" });
  });
});

describe("auth: limits.max_path_bytes", () => {
  it("answers 414 path_too_long to a :path over the limit, before any rule, and logs it", async () => {
    const { host, plugin } = await load(guarded("^/admin/.*$", { limits: { max_path_bytes: 1024 } }));
    expect(outcome(send(plugin, "/public/" + "a".repeat(1016)))).toEqual({ status: 200, reason: "" }); // exactly 1024 bytes
    const over = send(plugin, "/public/" + "a".repeat(1017));
    expect(outcome(over)).toEqual({ status: 414, reason: "path_too_long", error: "uri_too_long" });
    expect(over.localResponse!.details).toBe("auth_path_too_long");
    // The query counts: it is part of :path. A key does not help.
    expect(outcome(send(plugin, "/admin/x?" + "q".repeat(1020), { "x-api-key": KEY })).status).toBe(414);
    // Bytes, not characters: 400 three-byte characters are 1200 bytes.
    expect(outcome(send(plugin, "/" + "\u20ac".repeat(400))).status).toBe(414);
    expect(outcome(send(plugin, "/" + "\u20ac".repeat(300))).status).toBe(200);
    expect(metric(host, "auth.denied.path_too_long")).toBe(3n);
    expect(host.logsAt("warn")[0]).toBe("auth: :path of 1025 bytes is over limits.max_path_bytes (1024); denied 414");
  });

  it("defaults to 65536 bytes, above Envoy's own 60 KiB header limit", async () => {
    const { plugin } = await load(guarded("^/admin/.*$"));
    expect(outcome(send(plugin, "/admin/" + "a".repeat(65_536 - 7), { "x-api-key": KEY })).status).toBe(200);
    expect(outcome(send(plugin, "/admin/" + "a".repeat(65_536 - 6), { "x-api-key": KEY })).status).toBe(414);
  });

  it("is rejected out of range or misspelt by onConfigure and by the schema alike", async () => {
    const bad = [
      [{ max_path_bytes: 100 }, "limits.max_path_bytes: must be between 256 and 1048576"],
      [{ max_path_bytes: 2_000_000 }, "limits.max_path_bytes: must be between 256 and 1048576"],
      [{ max_path_bytes: "64k" }, "limits.max_path_bytes: must be an integer, got string"],
      [{ max_path: 1024 }, "limits.max_path: unknown field (expected max_path_bytes)"],
    ] as const;
    for (const [limits, message] of bad) {
      const config = guarded("^/admin/.*$", { limits });
      const rejection = await load(config).then(() => null, (e) => e);
      expect(rejection).toBeInstanceOf(ConfigureRejected);
      expect((rejection as ConfigureRejected).errorLogs.join("\n")).toContain(message);
      expect(validateConfig(config, SCHEMA)).not.toEqual([]);
    }
    const good = guarded("^/admin/.*$", { limits: { max_path_bytes: 1_048_576 } });
    expect(validateConfig(good, SCHEMA)).toEqual([]);
    await load(good);
  });
});
