import { type Descriptor } from "./digest.ts";
import type { Image } from "./image.ts";
import { type Variant } from "./media-types.ts";
import type { Credentials } from "./registry/auth.ts";
export interface PushOptions {
    variant?: Variant;
    credentials?: Credentials;
    /** One line per blob/manifest. Default: nothing. */
    progress?: (line: string) => void;
}
export interface PushResult {
    /** host/repo:tag that was written. */
    ref: string;
    /** Manifest digest: pin with host/repo@<digest>, and the sha256 Istio/EG check for oci:// URLs. */
    digest: string;
    uploaded: number;
    skipped: number;
}
/** Push an in-memory image to `target` (host/repo:tag). */
export declare function pushImage(image: Image, target: string, opts?: PushOptions): Promise<PushResult>;
/** Push one variant of the OCI layout in `layoutDir` to `target`. */
export declare function pushLayout(layoutDir: string, target: string, opts?: PushOptions): Promise<PushResult>;
export interface PulledImage {
    manifest: {
        config: Descriptor;
        layers: Descriptor[];
        annotations?: Record<string, string>;
    };
    manifestDigest: string;
    manifestBytes: Buffer;
    blobs: Map<string, Buffer>;
}
/** Pull a manifest and all its blobs from `source`, verifying every digest. */
export declare function pullImage(source: string, credentials?: Credentials): Promise<PulledImage>;
