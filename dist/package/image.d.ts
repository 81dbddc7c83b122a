import { type Descriptor } from "./digest.ts";
import { type Variant } from "./media-types.ts";
/** The proxy-wasm ABI the SDK targets (the module exports proxy_abi_version_0_2_1). */
export declare const PROXY_WASM_ABI = "v0.2.1";
export interface ImageInput {
    /** Filter name (annotation io.envoy-as.filter and org.opencontainers.image.title). */
    name: string;
    /** The compiled module (build/<name>.wasm). */
    wasm: Uint8Array;
    /** org.opencontainers.image.version, e.g. the package version. */
    version: string;
    /** org.opencontainers.image.source (repository URL); omitted when unknown. */
    source?: string;
    /** Root context ids the module registers (the wasm config's rootIds). Default [name]. */
    rootIds?: string[];
    /** RFC 3339 creation time for the image config; omitted by default (keeps digests stable). */
    created?: string;
}
export interface Image {
    variant: Variant;
    /** The manifest's descriptor (its digest is what `sha256:` in Istio/EG must match for oci:// URLs). */
    manifest: Descriptor;
    manifestBytes: Buffer;
    /** Every blob the manifest references (config + layers), keyed by digest. */
    blobs: Map<string, Buffer>;
}
/** The compat variant: an OCI image whose single tar+gzip layer holds plugin.wasm. */
export declare function compatImage(input: ImageInput): Image;
/**
 * The Wasm artifact ("oci") variant: runtime config layer + raw module layer, exactly two layers
 * as Istio's extractOCIArtifactImage requires; the manifest config is the runtime config too.
 */
export declare function wasmArtifactImage(input: ImageInput): Image;
/** Both variants, compat first. */
export declare function buildImages(input: ImageInput): Image[];
