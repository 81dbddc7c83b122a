import type { FailStrategy, Phase } from "./defaults.ts";
export interface TargetRef {
    group?: string;
    kind: string;
    name: string;
}
export interface EnvVar {
    name: string;
    /** Literal value (INLINE); omit with fromHost to pass the proxy's own environment variable. */
    value?: string;
    fromHost?: boolean;
}
export interface DeployOptions {
    /** Filter name (pluginName/rootID and the default metadata.name). */
    filter: string;
    /** metadata.name; default the filter name. */
    name?: string;
    namespace?: string;
    /** oci://host/repo:tag | https://…/x.wasm | http://… | file:///… */
    url: string;
    /** Hex sha256: of the module for http(s)/file, of the image MANIFEST for oci:// (what Istio/EG compare). */
    sha256?: string;
    pullPolicy?: "IfNotPresent" | "Always";
    /** Name of a docker-registry Secret in the same namespace. */
    pullSecret?: string;
    /** The plugin configuration (already validated against the filter's schema). */
    config: unknown;
    phase: Phase;
    priority?: number;
    failStrategy: FailStrategy;
    /** Workload selector labels (Istio), exclusive with targetRefs. */
    selector?: Record<string, string>;
    targetRefs?: TargetRef[];
    match?: {
        mode?: "UNDEFINED" | "CLIENT" | "SERVER" | "CLIENT_AND_SERVER";
        ports?: number[];
    }[];
    env?: EnvVar[];
    type?: "HTTP" | "NETWORK";
}
