// Media types of the two Wasm image variants Istio and Envoy Gateway pull (both use the fetcher in
// istio/pkg/wasm/imagefetcher.go, which implements solo-io/wasm's "Wasm Image Specification"):
//
//   compat  an ordinary OCI image: config application/vnd.oci.image.config.v1+json, and the LAST
//           layer an application/vnd.oci.image.layer.v1.tar+gzip holding `plugin.wasm`. The spec asks
//           for the manifest annotation module.wasm.image/variant=compat. Docker, podman, any registry.
//   wasm    the "oci" (artifact) variant: EXACTLY two layers, a runtime config JSON
//           (application/vnd.module.wasm.config.v1+json) and the raw module
//           (application/vnd.module.wasm.content.layer.v1+wasm); the manifest config is the same JSON.
//           Needs a registry that accepts custom media types.
export const OCI_LAYOUT_VERSION = "1.0.0";
export const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const INDEX = "application/vnd.oci.image.index.v1+json";
export const IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const TAR_GZIP_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
export const WASM_CONFIG = "application/vnd.module.wasm.config.v1+json";
export const WASM_CONTENT_LAYER = "application/vnd.module.wasm.content.layer.v1+wasm";
/** File name inside the compat layer; Istio's extractWasmPluginBinary looks for exactly this base name. */
export const COMPAT_WASM_FILE = "plugin.wasm";
export const ANNOTATION = {
    title: "org.opencontainers.image.title",
    version: "org.opencontainers.image.version",
    source: "org.opencontainers.image.source",
    refName: "org.opencontainers.image.ref.name",
    variant: "module.wasm.image/variant",
    filter: "io.envoy-as.filter",
};
export const VARIANTS = ["compat", "wasm"];
