import { type Problems } from "./check.ts";
import type { DeployOptions } from "./options.ts";
export declare const ISTIO_API_VERSION = "extensions.istio.io/v1alpha1";
/** The WasmPlugin for `o` (not yet validated). */
export declare function wasmPlugin(o: DeployOptions): Record<string, unknown>;
/** Problems with a WasmPlugin, each naming the field ("spec.phase: …"). Empty when valid. */
export declare function validateWasmPlugin(doc: Record<string, unknown>): Problems;
