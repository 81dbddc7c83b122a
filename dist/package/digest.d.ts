export interface Descriptor {
    mediaType: string;
    digest: string;
    size: number;
    annotations?: Record<string, string>;
}
/** Hex sha256 of `data`. */
export declare function sha256Hex(data: Uint8Array): string;
/** `sha256:<hex>` digest of `data`, as OCI descriptors and the distribution API spell it. */
export declare function digestOf(data: Uint8Array): string;
/** A descriptor for `data` (digest and size computed from the bytes). */
export declare function describe(mediaType: string, data: Uint8Array, annotations?: Record<string, string>): Descriptor;
/** Throws unless `digest` is a well-formed sha256 digest (the only algorithm we write or accept). */
export declare function assertDigest(digest: string, what?: string): void;
/** Throws if `data` does not hash to `digest` (e.g. a blob pulled back from a registry). */
export declare function verifyDigest(data: Uint8Array, digest: string, what: string): void;
