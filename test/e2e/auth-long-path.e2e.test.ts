// auth through a real Envoy 1.40: the long-path bypass of issue 20 is closed. With default allow
// and a ^/admin/.*$ rule requiring an API key, /admin/ + ~33,000 characters used to exhaust the
// path regex's step budget, read as "no match", and reach the upstream without a credential.
// Envoy's max_request_headers_kb is raised to 96 so that a :path over the filter's default
// limits.max_path_bytes (65536) reaches the filter at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../fixtures/auth/tokens.ts";
import { MODE, createHarness, requireWasm, type Harness, type Target } from "./support/target.ts";

const WASM = "auth.wasm";
const KEY = "acme-e2e-0123456789";

describe.skipIf(MODE !== "local")(`auth: long paths through Envoy [${MODE}]`, () => {
  let harness: Harness;
  let envoy: Target;

  beforeAll(async () => {
    requireWasm(WASM);
    const configuration = {
      default: "allow",
      providers: [{ name: "keys", api_key: { consumers: [{ name: "acme", key_sha256: sha256Hex(KEY) }] } }],
      rules: [
        { name: "admin", match: { path: { regex: "^/admin/.*$" } }, requires: "keys" },
        { name: "files", match: { path: { regex: "^/files/(\\w|-|\\.|/)+$" } }, requires: "keys" },
        // 16 nested .*/ loops stay alive on a path of many segments: more steps than the budget.
        { name: "deep", match: { path: { regex: "^/deep/(?:.*/){16}.*$" } }, requires: "keys" },
      ],
    };
    harness = await createHarness();
    envoy = await harness.start([{ name: "auth", wasm: WASM, rootId: "auth", configuration }], { maxRequestHeadersKb: 96 });
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** A GET through Envoy: the status and, for the filter's JSON replies, the reason. */
  async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; reason?: string }> {
    const res = await fetch(envoy.url + path, { headers });
    const text = await res.text();
    const type = res.headers.get("content-type") ?? "";
    return { status: res.status, reason: type.startsWith("application/json") && text.startsWith("{\"status\"") ? JSON.parse(text).reason : undefined };
  }
  const stat = async (name: string) => (await envoy.stat(`wasmcustom.${name}`)) ?? 0;

  it("denies /admin/ + 60,000 characters without a key (401 missing): the request never reaches the upstream", async () => {
    const before = await stat("auth.denied.missing");
    expect(await get("/admin/" + "a".repeat(60_000))).toEqual({ status: 401, reason: "missing" });
    expect(await stat("auth.denied.missing")).toBe(before + 1);
    expect(await stat("auth.default_allowed")).toBe(0);
    await envoy.waitForLog(/\[access\] GET \/admin\/a{100}a* 401 details=auth_missing flags=\S* upstream=-/);
    // Short paths behave as before: the key opens /admin/, other paths are allowed by default.
    expect((await get("/admin/x", { "x-api-key": KEY })).status).toBe(200);
    expect((await get("/public/x")).status).toBe(200);
  });

  it("denies /files/ paths of 12,500 to 60,000 characters under ^/files/(\\w|-|\\.|/)+$ without a key", async () => {
    for (const n of [12_500, 20_000, 33_000, 60_000]) {
      expect([n, await get("/files/" + "a-b.c/".repeat(n / 6 + 1).slice(0, n))]).toEqual([n, { status: 401, reason: "missing" }]);
    }
    expect(await stat("auth.default_allowed")).toBe(1); // /public/x only
  });

  it("denies 403 match_undecided when the regex still runs out, even with a key, and logs the rule", async () => {
    const path = "/deep/" + "a/".repeat(6_000);
    expect(await get(path)).toEqual({ status: 403, reason: "match_undecided" });
    expect(await get(path, { "x-api-key": KEY })).toEqual({ status: 403, reason: "match_undecided" });
    expect(await stat("auth.denied.match_undecided")).toBe(2);
    await envoy.waitForLog(/auth: rule deep: path regex ran out of its step budget on a path of 12006 characters; denied/);
    expect((await get("/deep/" + "a/".repeat(16) + "x", { "x-api-key": KEY })).status).toBe(200);
  });

  it("answers 414 path_too_long to a :path over limits.max_path_bytes (65536 by default)", async () => {
    expect(await get("/public/" + "a".repeat(70_000))).toEqual({ status: 414, reason: "path_too_long" });
    expect(await stat("auth.denied.path_too_long")).toBe(1);
    await envoy.waitForLog(/auth: :path of 70008 bytes is over limits\.max_path_bytes \(65536\); denied 414/);
  });
});
