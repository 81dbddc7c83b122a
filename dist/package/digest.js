// Content addressing for OCI blobs: `sha256:<hex>` digests and descriptors.
import { createHash } from "node:crypto";
/** Hex sha256 of `data`. */
export function sha256Hex(data) {
    return createHash("sha256").update(data).digest("hex");
}
/** `sha256:<hex>` digest of `data`, as OCI descriptors and the distribution API spell it. */
export function digestOf(data) {
    return `sha256:${sha256Hex(data)}`;
}
/** A descriptor for `data` (digest and size computed from the bytes). */
export function describe(mediaType, data, annotations) {
    const d = { mediaType, digest: digestOf(data), size: data.byteLength };
    if (annotations && Object.keys(annotations).length)
        d.annotations = annotations;
    return d;
}
const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;
/** Throws unless `digest` is a well-formed sha256 digest (the only algorithm we write or accept). */
export function assertDigest(digest, what = "digest") {
    if (!DIGEST_RE.test(digest))
        throw new Error(`${what}: ${JSON.stringify(digest)} is not a sha256:<64 hex> digest`);
}
/** Throws if `data` does not hash to `digest` (e.g. a blob pulled back from a registry). */
export function verifyDigest(data, digest, what) {
    const actual = digestOf(data);
    if (actual !== digest)
        throw new Error(`${what}: content hashes to ${actual}, expected ${digest}`);
}
