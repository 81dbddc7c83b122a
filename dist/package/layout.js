// OCI image layout on disk (image-spec "image-layout"): oci-layout, index.json, blobs/sha256/<hex>.
// One layout per filter holds both variants; index.json names them with
// org.opencontainers.image.ref.name = "compat" | "wasm", so `podman pull oci:<dir>:compat` works.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, verifyDigest } from "./digest.js";
import { ANNOTATION, INDEX, OCI_LAYOUT_VERSION, VARIANTS } from "./media-types.js";
function blobPath(dir, digest) {
    const [alg, hex] = digest.split(":");
    return join(dir, "blobs", alg, hex);
}
/** Write `images` as a fresh OCI layout in `dir` (previous content is replaced). Returns index.json's descriptor. */
export function writeLayout(dir, images) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
    writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: OCI_LAYOUT_VERSION }));
    const manifests = [];
    for (const img of images) {
        for (const [digest, data] of img.blobs)
            writeFileSync(blobPath(dir, digest), data);
        writeFileSync(blobPath(dir, img.manifest.digest), img.manifestBytes);
        manifests.push({ ...img.manifest, annotations: { [ANNOTATION.refName]: img.variant } });
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests }));
    writeFileSync(join(dir, "index.json"), index);
    return describe(INDEX, index);
}
/** The manifests listed in a layout's index.json, by variant. Errors name the file and the fix. */
export function readLayoutIndex(dir) {
    const indexFile = join(dir, "index.json");
    if (!existsSync(join(dir, "oci-layout")) || !existsSync(indexFile)) {
        throw new Error(`${dir} is not an OCI image layout (no oci-layout/index.json); create it with: envoy-as package <filter>`);
    }
    const index = JSON.parse(readFileSync(indexFile, "utf8"));
    const out = [];
    for (const d of index.manifests ?? []) {
        const variant = d.annotations?.[ANNOTATION.refName];
        if (variant && VARIANTS.includes(variant))
            out.push({ variant, descriptor: d });
    }
    if (!out.length)
        throw new Error(`${indexFile}: no manifest named "compat" or "wasm"; re-run: envoy-as package <filter>`);
    return out;
}
/** A blob from the layout, verified against its digest. */
export function readBlob(dir, digest) {
    const path = blobPath(dir, digest);
    if (!existsSync(path))
        throw new Error(`${dir}: blob ${digest} is missing (layout incomplete; re-run envoy-as package)`);
    const data = readFileSync(path);
    verifyDigest(data, digest, path);
    return data;
}
/** One variant's manifest and all its blobs, read back from a layout and verified. */
export function readImage(dir, variant) {
    const entry = readLayoutIndex(dir).find((m) => m.variant === variant);
    if (!entry)
        throw new Error(`${dir}/index.json has no "${variant}" manifest; re-run: envoy-as package <filter>`);
    const manifestBytes = readBlob(dir, entry.descriptor.digest);
    const manifest = JSON.parse(manifestBytes.toString("utf8"));
    const blobs = new Map();
    for (const d of [manifest.config, ...manifest.layers])
        blobs.set(d.digest, readBlob(dir, d.digest));
    const { annotations: _drop, ...descriptor } = entry.descriptor;
    return { variant, manifest: descriptor, manifestBytes, blobs };
}
