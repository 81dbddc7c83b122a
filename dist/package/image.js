// Builds the two Wasm image variants of one module in memory, byte-for-byte reproducibly:
// canonical JSON (fixed key order, no whitespace), tar with fixed mtime/owner, gzip without a
// timestamp (Node's zlib writes MTIME=0) at a fixed level.
import { gzipSync } from "node:zlib";
import { describe, digestOf } from "./digest.js";
import { ANNOTATION, COMPAT_WASM_FILE, IMAGE_CONFIG, MANIFEST, TAR_GZIP_LAYER, WASM_CONFIG, WASM_CONTENT_LAYER, } from "./media-types.js";
import { tar } from "./tar.js";
/** The proxy-wasm ABI the SDK targets (the module exports proxy_abi_version_0_2_1). */
export const PROXY_WASM_ABI = "v0.2.1";
/** JSON with no whitespace; objects are written in insertion order, which the builders fix. */
function canonical(value) {
    return Buffer.from(JSON.stringify(value), "utf8");
}
function annotations(input, extra = {}) {
    const a = {};
    a[ANNOTATION.title] = input.name;
    a[ANNOTATION.version] = input.version;
    if (input.source)
        a[ANNOTATION.source] = input.source;
    a[ANNOTATION.filter] = input.name;
    return { ...a, ...extra };
}
function finish(variant, manifest, blobs) {
    const manifestBytes = canonical(manifest);
    const map = new Map();
    for (const b of blobs)
        map.set(digestOf(b), b);
    return { variant, manifest: describe(MANIFEST, manifestBytes), manifestBytes, blobs: map };
}
/** The compat variant: an OCI image whose single tar+gzip layer holds plugin.wasm. */
export function compatImage(input) {
    const layerTar = tar([{ name: COMPAT_WASM_FILE, data: input.wasm }]);
    const layer = gzipSync(layerTar, { level: 9 });
    const config = {};
    if (input.created)
        config.created = input.created;
    // Docker's convention for Wasm images (platform wasi/wasm); runtimes never execute this image.
    config.architecture = "wasm";
    config.os = "wasi";
    config.config = { Labels: annotations(input) };
    config.rootfs = { type: "layers", diff_ids: [digestOf(layerTar)] };
    const configBytes = canonical(config);
    const manifest = {
        schemaVersion: 2,
        mediaType: MANIFEST,
        config: describe(IMAGE_CONFIG, configBytes),
        layers: [describe(TAR_GZIP_LAYER, layer, { [ANNOTATION.title]: COMPAT_WASM_FILE })],
        annotations: annotations(input, { [ANNOTATION.variant]: "compat" }),
    };
    return finish("compat", manifest, [configBytes, layer]);
}
/**
 * The Wasm artifact ("oci") variant: runtime config layer + raw module layer, exactly two layers
 * as Istio's extractOCIArtifactImage requires; the manifest config is the runtime config too.
 */
export function wasmArtifactImage(input) {
    const runtimeConfig = canonical({
        type: "envoy_proxy",
        abiVersions: [PROXY_WASM_ABI],
        config: { rootIds: input.rootIds ?? [input.name] },
    });
    const manifest = {
        schemaVersion: 2,
        mediaType: MANIFEST,
        config: describe(WASM_CONFIG, runtimeConfig),
        layers: [
            describe(WASM_CONFIG, runtimeConfig, { [ANNOTATION.title]: "runtime-config.json" }),
            describe(WASM_CONTENT_LAYER, input.wasm, { [ANNOTATION.title]: COMPAT_WASM_FILE }),
        ],
        annotations: annotations(input),
    };
    return finish("wasm", manifest, [runtimeConfig, Buffer.from(input.wasm)]);
}
/** Both variants, compat first. */
export function buildImages(input) {
    if (input.wasm.byteLength < 8 || Buffer.from(input.wasm.subarray(0, 4)).toString("latin1") !== "\0asm") {
        throw new Error(`${input.name}: the module does not start with the Wasm magic number (\\0asm); is it a .wasm file?`);
    }
    return [compatImage(input), wasmArtifactImage(input)];
}
