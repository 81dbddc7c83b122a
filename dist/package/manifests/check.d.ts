export type Problems = string[];
export declare const SHA256_HEX: RegExp;
/** A Kubernetes object name (DNS-1123 subdomain, ≤ 253). */
export declare function dnsSubdomain(p: Problems, path: string, v: unknown): void;
/** A DNS-1123 label (≤ 63), e.g. a namespace. */
export declare function dnsLabel(p: Problems, path: string, v: unknown): void;
/** Label selector map: keys are qualified names, values label values (≤ 63). */
export declare function labels(p: Problems, path: string, v: unknown): void;
/** One of the enum's values (exact spelling matters: these are proto/CRD enums). */
export declare function oneOf(p: Problems, path: string, v: unknown, values: readonly string[]): void;
/** Hex sha256 (64 lowercase hex characters, no "sha256:" prefix). */
export declare function sha256(p: Problems, path: string, v: unknown): void;
/** A URL whose scheme is one of `schemes`. */
export declare function url(p: Problems, path: string, v: unknown, schemes: readonly string[]): void;
/** An integer within [min, max]. */
export declare function int(p: Problems, path: string, v: unknown, min: number, max: number): void;
/** Keys of `obj` that are not in `known` (misspelled fields are silently dropped by Kubernetes, so we refuse them). */
export declare function knownFields(p: Problems, path: string, obj: unknown, known: readonly string[]): void;
