import type { Variant } from "../media-types.ts";
import type { DeployOptions } from "./options.ts";
export type ManifestRequest = Omit<DeployOptions, "config" | "phase" | "failStrategy"> & Partial<Pick<DeployOptions, "phase" | "failStrategy">> & {
    /** Configuration file; default the filter's config.json (else {}). */
    configFile?: string;
    /** For oci:// URLs without --sha256: which packaged variant's manifest digest to pin. Default compat. */
    variant?: Variant;
    root?: string;
};
export interface GeneratedManifest {
    kind: "WasmPlugin" | "EnvoyExtensionPolicy";
    doc: Record<string, unknown>;
    yaml: string;
}
export declare class ManifestError extends Error {
    readonly problems: string[];
    constructor(problems: string[], what: string);
}
/** The filter's configuration, validated against its schema.json (errors name the file and field). */
export declare function loadValidatedConfig(filter: string, configFile: string | undefined, root: string): unknown;
/**
 * The sha256 Istio / Envoy Gateway verify: for oci:// they compare it with the image MANIFEST digest
 * (istio pkg/wasm: "module downloaded from … has checksum …"), for http(s)/file with the module bytes.
 */
export declare function defaultSha256(filter: string, urlStr: string, variant: Variant, root: string): string;
/** Build and validate the manifests (no files written). Throws ManifestError listing every problem. */
export declare function generateManifests(req: ManifestRequest): GeneratedManifest[];
/** Write generated manifests to `dir` (default build/deploy/<filter>); returns the paths. */
export declare function writeManifests(filter: string, manifests: GeneratedManifest[], dir?: string, root?: string): string[];
