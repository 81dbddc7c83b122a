import { type Problems } from "./check.ts";
import type { DeployOptions, TargetRef } from "./options.ts";
export declare const EG_API_VERSION = "gateway.envoyproxy.io/v1alpha1";
/** When no target is given: the Gateway of Envoy Gateway's quickstart. */
export declare const DEFAULT_EG_TARGET: TargetRef;
/** The EnvoyExtensionPolicy for `o`; file:// URLs cannot be expressed (EG fetches over HTTP or from a registry). */
export declare function envoyExtensionPolicy(o: DeployOptions): Record<string, unknown>;
/** Problems with an EnvoyExtensionPolicy, each naming the field. Empty when valid. */
export declare function validateEnvoyExtensionPolicy(doc: Record<string, unknown>): Problems;
