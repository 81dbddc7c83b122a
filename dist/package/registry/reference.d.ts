export interface ImageRef {
    /** host[:port] as written, e.g. "127.0.0.1:5000" or "ghcr.io". */
    registry: string;
    /** Repository path, e.g. "acme/hello-world". */
    repository: string;
    /** Tag or "sha256:…" digest. Default "latest". */
    reference: string;
    /** "http" for loopback registries, "https" otherwise. */
    scheme: "http" | "https";
    /** Base URL of the distribution API, e.g. "http://127.0.0.1:5000/v2". */
    apiBase: string;
}
/** Whether `host` (without port) is a loopback name for which plain http is allowed. */
export declare function isLoopback(host: string): boolean;
/** Parse an image reference; errors name the bad part and show the expected form. */
export declare function parseImageRef(input: string): ImageRef;
/** host/repository:tag (or @digest) without scheme. */
export declare function formatImageRef(ref: ImageRef): string;
