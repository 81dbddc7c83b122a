// The .wasm server: serves modules with their sha256, nothing else.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/package/digest.ts";
import { serveWasm, wasmFileFor, type WasmServer } from "../../src/package/serve.ts";

const dir = mkdtempSync(join(tmpdir(), "envoy-as-serve-"));
const mod = Buffer.from("\0asm\x01\0\0\0module", "latin1");
let server: WasmServer;

beforeAll(async () => {
  writeFileSync(join(dir, "a.wasm"), mod);
  writeFileSync(join(dir, "secret.txt"), "no");
  mkdirSync(join(dir, "test"));
  writeFileSync(join(dir, "test", "b.wasm"), mod);
  server = await serveWasm({ dir });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("serveWasm", () => {
  it("serves a module with content type, length and sha256", async () => {
    const res = await fetch(`${server.url}/a.wasm`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/wasm");
    expect(res.headers.get("x-content-sha256")).toBe(sha256Hex(mod));
    expect(Buffer.from(await res.arrayBuffer()).equals(mod)).toBe(true);
    const nested = await fetch(`${server.url}/test/b.wasm`, { method: "HEAD" });
    expect(nested.status).toBe(200);
    expect(server.requests).toEqual(["GET /a.wasm 200", "HEAD /test/b.wasm 200"]);
  });

  it("serves nothing but .wasm files inside the directory", async () => {
    for (const path of ["/secret.txt", "/missing.wasm", "/..%2f..%2fetc%2fpasswd.wasm"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    expect(wasmFileFor(dir, "/../x.wasm")).toBeUndefined();
    const post = await fetch(`${server.url}/a.wasm`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});
