// auth under hostile tokens (issue 20): what a token costs before it is trusted. The signature
// is checked before the payload is parsed, and parsing is linear in the token (escapes
// included), so a request costs little memory even at max_token_bytes 65536. Tokens are signed
// with node:crypto (test/fixtures/auth/tokens.ts).
import { describe, expect, it } from "vitest";
import { Host, type HttpStream, type Plugin } from "../../src/emulator/index.ts";
import { KEYS, jwks, signRaw } from "../fixtures/auth/tokens.ts";

const WASM = "build/auth.wasm";
const ISS = "https://idp.test";
const MIB = 1024 * 1024;
/** Memory a request may leave the VM with: generous, and far below the quadratic parser's cost. */
const MEMORY_BOUND = 16 * MIB;

async function load(maxTokenBytes: number): Promise<{ host: Host; plugin: Plugin; now: number }> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  const plugin = vm.createPlugin({
    rootId: "auth",
    configuration: {
      providers: [{ name: "idp", jwt: { issuer: ISS, jwks: jwks("hmac"), max_token_bytes: maxTokenBytes } }],
      rules: [{ match: { path: { prefix: "/" } }, requires: "idp" }],
    },
  });
  return { host, plugin, now: Number(host.clock() / 1_000_000_000n) };
}

function send(p: Plugin, token: string): HttpStream {
  const s = p.newHttpStream();
  s.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "api.example.com", ":scheme": "https", authorization: `Bearer ${token}` }, { endOfStream: true });
  if (!s.localResponse) {
    s.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    s.complete();
  }
  return s;
}

function outcome(s: HttpStream): { status: number; reason: string } {
  const lr = s.localResponse;
  return lr ? { status: lr.status, reason: JSON.parse(lr.bodyText).reason } : { status: 200, reason: "" };
}

const HEADER = JSON.stringify({ alg: "HS256", kid: KEYS.hmac!.kid });

/** A payload JSON text padded with `\n` escapes so that the token is close to `tokenBytes`. */
function paddedPayload(claims: Record<string, unknown>, tokenBytes: number): string {
  const base = JSON.stringify({ ...claims, pad: "" });
  const room = Math.floor((tokenBytes - 400) * 3 / 4) - base.length;
  return JSON.stringify({ ...claims, pad: "\n".repeat(Math.floor(room / 2)) });
}

/** The token with its signature replaced by one that does not verify. */
const forge = (token: string) => token.slice(0, token.lastIndexOf(".") + 1) + Buffer.alloc(32, 7).toString("base64url");

describe("auth: the payload is read only under a valid signature", () => {
  it("answers bad_signature, not what the unverified claims say", async () => {
    const { plugin: p, now } = await load(8192);
    const expired = signRaw("hmac", "HS256", HEADER, JSON.stringify({ iss: ISS, sub: "u", exp: now - 3600 }));
    expect(outcome(send(p, expired))).toEqual({ status: 401, reason: "expired" });
    expect(outcome(send(p, forge(expired)))).toEqual({ status: 401, reason: "bad_signature" });
    const notJson = signRaw("hmac", "HS256", HEADER, '{"iss": "unterminated');
    expect(outcome(send(p, forge(notJson)))).toEqual({ status: 401, reason: "bad_signature" });
    expect(outcome(send(p, notJson))).toEqual({ status: 401, reason: "malformed" });
  });

  it("costs little memory for a forged 64 KiB token full of escapes", async () => {
    const { plugin: p, now } = await load(65536);
    const token = forge(signRaw("hmac", "HS256", HEADER, paddedPayload({ iss: ISS, sub: "u", exp: now + 600 }, 65536)));
    expect(token.length).toBeGreaterThan(60_000);
    expect(token.length).toBeLessThanOrEqual(65536);
    expect(outcome(send(p, token))).toEqual({ status: 401, reason: "bad_signature" });
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
  });
});

describe("auth: JSON escapes are parsed in linear time and memory", () => {
  it("accepts a signed 64 KiB token whose payload is mostly escapes", async () => {
    const { plugin: p, now } = await load(65536);
    const token = signRaw("hmac", "HS256", HEADER, paddedPayload({ iss: ISS, sub: "u", exp: now + 600 }, 65536));
    expect(token.length).toBeGreaterThan(60_000);
    expect(outcome(send(p, token))).toEqual({ status: 200, reason: "" });
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
    // And again: the token cache answers; nothing has grown.
    expect(outcome(send(p, token))).toEqual({ status: 200, reason: "" });
    expect(p.vm.memoryBytes()).toBeLessThan(MEMORY_BOUND);
  });
});
