export declare const OCI_LAYOUT_VERSION = "1.0.0";
export declare const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export declare const INDEX = "application/vnd.oci.image.index.v1+json";
export declare const IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export declare const TAR_GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
export declare const WASM_CONFIG = "application/vnd.module.wasm.config.v1+json";
export declare const WASM_CONTENT_LAYER = "application/vnd.module.wasm.content.layer.v1+wasm";
/** File name inside the compat layer; Istio's extractWasmPluginBinary looks for exactly this base name. */
export declare const COMPAT_WASM_FILE = "plugin.wasm";
export declare const ANNOTATION: {
    readonly title: "org.opencontainers.image.title";
    readonly version: "org.opencontainers.image.version";
    readonly source: "org.opencontainers.image.source";
    readonly refName: "org.opencontainers.image.ref.name";
    readonly variant: "module.wasm.image/variant";
    readonly filter: "io.envoy-as.filter";
};
export type Variant = "compat" | "wasm";
export declare const VARIANTS: readonly Variant[];
