// OCI image layout on disk, written from a real build of hello-world.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { digestOf } from "../../src/package/digest.ts";
import { readImage, readLayoutIndex } from "../../src/package/layout.ts";
import { packageFilter } from "../../src/package/package.ts";

const out = mkdtempSync(join(tmpdir(), "envoy-as-layout-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("package hello-world", () => {
  const dir = join(out, "a");
  const r = packageFilter("hello-world", { outDir: dir, version: "0.1.0", source: "https://example.com/x" });

  it("writes oci-layout, index.json naming both variants, and content-addressed blobs", () => {
    expect(JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8"))).toEqual({ imageLayoutVersion: "1.0.0" });
    const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
    expect(index.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations["org.opencontainers.image.ref.name"])).toEqual(["compat", "wasm"]);
    for (const hex of readdirSync(join(dir, "blobs", "sha256"))) {
      expect(digestOf(readFileSync(join(dir, "blobs", "sha256", hex)))).toBe(`sha256:${hex}`);
    }
    expect(readLayoutIndex(dir).map((m) => m.descriptor.digest)).toEqual(r.images.map((i) => i.manifest.digest));
  });

  it("is reproducible: packaging again gives identical digests", () => {
    const again = packageFilter("hello-world", { outDir: join(out, "b"), version: "0.1.0", source: "https://example.com/x" });
    expect(again.images.map((i) => i.manifest.digest)).toEqual(r.images.map((i) => i.manifest.digest));
    expect(readFileSync(join(out, "b", "index.json")).equals(readFileSync(join(dir, "index.json")))).toBe(true);
  });

  it("reads an image back and detects a corrupted blob", () => {
    const img = readImage(dir, "wasm");
    expect(img.manifest.digest).toBe(r.images[1]!.manifest.digest);
    const [digest] = [...img.blobs.keys()];
    writeFileSync(join(dir, "blobs", "sha256", digest!.slice(7)), "tampered");
    expect(() => readImage(dir, "wasm")).toThrow(/content hashes to sha256:.*expected/);
  });

  it("explains a missing layout and an unknown filter", () => {
    expect(() => readLayoutIndex(join(out, "none"))).toThrow(/not an OCI image layout.*envoy-as package/);
    expect(() => packageFilter("no-such-filter", { outDir: join(out, "c") })).toThrow(/no filter "no-such-filter": known filters are/);
    expect(existsSync(join(out, "c"))).toBe(false);
  });
});
