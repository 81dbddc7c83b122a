/** Signatures of the guest exports the host knows (§2), checked at load like cpp-host. */
import type { Signature } from "./module-info.ts";
/** ABI markers, in the order the host looks for them, with the version each selects. */
export declare const ABI_MARKERS: readonly [readonly ["proxy_abi_version_0_1_0", "0.1.0"], readonly ["proxy_abi_version_0_2_0", "0.2.0"], readonly ["proxy_abi_version_0_2_1", "0.2.1"]];
/** Known exports and their expected signatures (0.2.x). */
export declare const EXPORT_SIGNATURES: Readonly<Record<string, Signature>>;
