// The two image variants: structure, digests, sizes and reproducibility.
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { digestOf, sha256Hex, type Descriptor } from "../../src/package/digest.ts";
import { buildImages, compatImage, wasmArtifactImage, type ImageInput } from "../../src/package/image.ts";
import { COMPAT_WASM_FILE, IMAGE_CONFIG, MANIFEST, TAR_GZIP_LAYER, WASM_CONFIG, WASM_CONTENT_LAYER } from "../../src/package/media-types.ts";
import { tar, untar } from "../../src/package/tar.ts";

const wasm = Buffer.concat([Buffer.from("\0asm\x01\0\0\0", "latin1"), Buffer.alloc(700, 7)]);
const input: ImageInput = { name: "hello-world", wasm, version: "1.2.3", source: "https://example.com/acme/envoy-as" };

type Manifest = { schemaVersion: number; mediaType: string; config: Descriptor; layers: Descriptor[]; annotations: Record<string, string> };
const manifestOf = (bytes: Buffer) => JSON.parse(bytes.toString()) as Manifest;

function expectBlobsMatchDescriptors(img: ReturnType<typeof compatImage>) {
  const m = manifestOf(img.manifestBytes);
  for (const d of [m.config, ...m.layers]) {
    const blob = img.blobs.get(d.digest);
    expect(blob, d.digest).toBeDefined();
    expect(digestOf(blob!)).toBe(d.digest);
    expect(blob!.byteLength).toBe(d.size);
  }
  expect(img.manifest.digest).toBe(digestOf(img.manifestBytes));
  expect(img.manifest.size).toBe(img.manifestBytes.byteLength);
  expect(img.manifest.mediaType).toBe(MANIFEST);
}

describe("compat image", () => {
  const img = compatImage(input);
  const m = manifestOf(img.manifestBytes);

  it("is an OCI image whose last layer is a tar+gzip holding plugin.wasm", () => {
    expect(m.schemaVersion).toBe(2);
    expect(m.mediaType).toBe(MANIFEST);
    expect(m.config.mediaType).toBe(IMAGE_CONFIG);
    expect(m.layers).toHaveLength(1);
    expect(m.layers[0]!.mediaType).toBe(TAR_GZIP_LAYER);
    const files = untar(gunzipSync(img.blobs.get(m.layers[0]!.digest)!));
    expect(files.map((f) => f.name)).toEqual([COMPAT_WASM_FILE]);
    expect(Buffer.from(files[0]!.data).equals(wasm)).toBe(true);
    expect(files[0]!.mtime).toBe(0);
    expectBlobsMatchDescriptors(img);
  });

  it("has the compat annotation, OCI annotations and a rootfs diff_id of the uncompressed layer", () => {
    expect(m.annotations).toEqual({
      "org.opencontainers.image.title": "hello-world",
      "org.opencontainers.image.version": "1.2.3",
      "org.opencontainers.image.source": "https://example.com/acme/envoy-as",
      "io.envoy-as.filter": "hello-world",
      "module.wasm.image/variant": "compat",
    });
    const config = JSON.parse(img.blobs.get(m.config.digest)!.toString());
    const layerTar = gunzipSync(img.blobs.get(m.layers[0]!.digest)!);
    expect(config.rootfs).toEqual({ type: "layers", diff_ids: [digestOf(layerTar)] });
    expect(config.created).toBeUndefined();
  });

  it("gzips without a timestamp", () => {
    const gz = img.blobs.get(m.layers[0]!.digest)!;
    expect([...gz.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    expect(gz.readUInt32LE(4)).toBe(0); // MTIME
  });
});

describe("Wasm artifact image", () => {
  const img = wasmArtifactImage({ ...input, rootIds: ["hello_root"] });
  const m = manifestOf(img.manifestBytes);

  it("has exactly a runtime-config layer and the raw module layer", () => {
    expect(m.config.mediaType).toBe(WASM_CONFIG);
    expect(m.layers.map((l) => l.mediaType)).toEqual([WASM_CONFIG, WASM_CONTENT_LAYER]);
    expect(img.blobs.get(m.layers[1]!.digest)!.equals(wasm)).toBe(true);
    expect(m.layers[1]!.digest).toBe(`sha256:${sha256Hex(wasm)}`);
    expect(JSON.parse(img.blobs.get(m.config.digest)!.toString())).toEqual({
      type: "envoy_proxy",
      abiVersions: ["v0.2.1"],
      config: { rootIds: ["hello_root"] },
    });
    expect(m.annotations["module.wasm.image/variant"]).toBeUndefined();
    expectBlobsMatchDescriptors(img);
  });
});

describe("reproducibility", () => {
  it("same input → same digests; different module or version → different digests", () => {
    const a = buildImages(input).map((i) => i.manifest.digest);
    const b = buildImages({ ...input, wasm: Buffer.from(wasm) }).map((i) => i.manifest.digest);
    expect(a).toEqual(b);
    const c = buildImages({ ...input, wasm: Buffer.concat([wasm, Buffer.from([1])]) }).map((i) => i.manifest.digest);
    const d = buildImages({ ...input, version: "1.2.4" }).map((i) => i.manifest.digest);
    expect(c[0]).not.toBe(a[0]);
    expect(c[1]).not.toBe(a[1]);
    expect(d[0]).not.toBe(a[0]);
  });

  it("refuses a file that is not a Wasm module", () => {
    expect(() => buildImages({ ...input, wasm: Buffer.from("hello world!") })).toThrow(/magic number/);
  });
});

describe("tar", () => {
  it("writes 512-byte aligned ustar with a valid checksum and two zero blocks", () => {
    const t = tar([{ name: "plugin.wasm", data: Buffer.from("abc") }]);
    expect(t.byteLength).toBe(512 + 512 + 1024);
    expect(t.subarray(257, 263).toString("latin1")).toBe("ustar\0");
    const h = Buffer.from(t.subarray(0, 512));
    const stored = parseInt(h.subarray(148, 154).toString(), 8);
    h.fill(0x20, 148, 156);
    expect(stored).toBe(h.reduce((s, b) => s + b, 0));
  });
});
