// After a rebuild, build/oci/<filter> no longer holds the module in build/. push and istio must not
// ship the old image's digest without a word: they refuse, say what to run, and print what they ship.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDeployment } from "../../src/package/manifests/generate.ts";
import { packageFilter } from "../../src/package/package.ts";
import { startRegistry, type TestRegistry } from "./support/registry.ts";

const run = promisify(execFile);
const CLI = resolve("src/cli/index.ts");
const TSX = resolve("node_modules/.bin/tsx");
const tmp = mkdtempSync(join(tmpdir(), "envoy-as-stale-"));
const root = join(tmp, "project");
let reg: TestRegistry;

/** Runs the envoy-as CLI in the project; resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(TSX, [CLI, ...args], { cwd: root, encoding: "utf8" });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * "Rebuild": build/hello-world.wasm becomes another real hello-world module (the same code with a
 * custom section naming the rebuild, so a different digest each time), written after the package.
 * It stays a working hello-world: istio runs its onConfigure.
 */
let rebuilds = 0;
function rebuild(): void {
  const name = Buffer.from(`rebuild-${++rebuilds}`);
  const section = Buffer.concat([Buffer.from([0, name.length + 1, name.length]), name]);
  writeFileSync(join(root, "build/hello-world.wasm"), Buffer.concat([readFileSync("build/hello-world.wasm"), section]));
  const later = new Date(Date.now() + 5_000);
  utimesSync(join(root, "build/hello-world.wasm"), later, later);
}

beforeAll(async () => {
  mkdirSync(join(root, "build"), { recursive: true });
  cpSync("assembly/filters/hello-world", join(root, "assembly/filters/hello-world"), { recursive: true });
  cpSync("build/hello-world.wasm", join(root, "build/hello-world.wasm"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "acme", version: "1.0.0", repository: "https://github.com/acme/f" }));
  reg = await startRegistry();
});
afterAll(async () => {
  await reg?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("a package older than build/<filter>.wasm", () => {
  it("istio (oci://, digest from the layout) refuses it, naming the command to run; after package it pins the new digest", () => {
    const old = packageFilter("hello-world", { root });
    rebuild();
    const url = "oci://ghcr.io/acme/hello-world:1";
    expect(() => generateDeployment({ filter: "hello-world", url, root })).toThrow(
      /^spec\.sha256: build\/oci\/hello-world is stale: it holds module sha256:[0-9a-f]{12}…, but build\/hello-world\.wasm is now sha256:[0-9a-f]{12}… \(rebuilt after it was packaged\); run `envoy-as package hello-world` \(and push the new image\) first, or pass --sha256$/,
    );
    const fresh = packageFilter("hello-world", { root });
    expect(fresh.images[0]!.manifest.digest).not.toBe(old.images[0]!.manifest.digest);
    const d = generateDeployment({ filter: "hello-world", url, root });
    expect(d.sha256).toBe(fresh.images[0]!.manifest.digest.slice(7));
    expect(d.sha256From).toBe("compat image manifest in build/oci/hello-world");
    expect((d.manifests[0]!.doc.spec as { sha256: string }).sha256).toBe(d.sha256);
  });

  it("push refuses it before contacting the registry; after package it pushes and prints the digest it ships", async () => {
    packageFilter("hello-world", { root });
    rebuild();
    const target = `${reg.host}/acme/hello-world:1`;
    const stale = await cli("push", "hello-world", target);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^push failed: build\/oci\/hello-world is stale: .* run `envoy-as package hello-world` \(and push the new image\) first\n$/);
    expect(stale.stdout).toBe("");

    const fresh = packageFilter("hello-world", { root });
    const compat = fresh.images[0]!.manifest.digest;
    const ok = await cli("push", "hello-world", target);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines[0]).toBe(`pushing compat image ${compat} of hello-world to ${target}`);
    expect(lines).toContain(`digest ${compat}`);
  });

  it("istio prints the sha256 it pins and where it came from", async () => {
    packageFilter("hello-world", { root });
    const r = await cli("istio", "hello-world", "--url", "https://example.com/hello-world.wasm");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^sha256 [0-9a-f]{64} {2}\(module build\/hello-world\.wasm\)$/);
  });
});
