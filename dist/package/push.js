// `push`: upload one variant of a layout (blobs first, manifest last) to a registry, and `pull`
// it back (used by tests and for verification).
import { digestOf, verifyDigest } from "./digest.js";
import { readImage } from "./layout.js";
import { MANIFEST } from "./media-types.js";
import { RegistryClient } from "./registry/client.js";
import { formatImageRef, parseImageRef } from "./registry/reference.js";
function short(d) {
    return d.slice(0, 19);
}
/** Push an in-memory image to `target` (host/repo:tag). */
export async function pushImage(image, target, opts = {}) {
    const ref = parseImageRef(target);
    if (ref.reference.startsWith("sha256:"))
        throw new Error(`push target ${target}: give a tag, not a digest (the digest is computed)`);
    const client = new RegistryClient(ref, opts.credentials);
    const say = opts.progress ?? (() => { });
    let uploaded = 0;
    let skipped = 0;
    for (const [digest, data] of image.blobs) {
        if (await client.blobExists(digest)) {
            skipped++;
            say(`  ${short(digest)}  ${String(data.byteLength).padStart(9)} B  exists, skipped`);
            continue;
        }
        const t0 = Date.now();
        await client.uploadBlob(digest, data);
        uploaded++;
        say(`  ${short(digest)}  ${String(data.byteLength).padStart(9)} B  uploaded in ${Date.now() - t0} ms`);
    }
    const reported = await client.putManifest(ref.reference, image.manifestBytes, image.manifest.mediaType);
    if (reported && reported !== image.manifest.digest) {
        throw new Error(`registry ${ref.registry} stored the manifest as ${reported}, but its content digest is ${image.manifest.digest}`);
    }
    say(`  ${short(image.manifest.digest)}  ${String(image.manifestBytes.byteLength).padStart(9)} B  manifest → ${formatImageRef(ref)}`);
    return { ref: formatImageRef(ref), digest: image.manifest.digest, uploaded, skipped };
}
/** Push one variant of the OCI layout in `layoutDir` to `target`. */
export async function pushLayout(layoutDir, target, opts = {}) {
    return pushImage(readImage(layoutDir, opts.variant ?? "compat"), target, opts);
}
/** Pull a manifest and all its blobs from `source`, verifying every digest. */
export async function pullImage(source, credentials) {
    const ref = parseImageRef(source);
    const client = new RegistryClient(ref, credentials);
    const got = await client.getManifest(ref.reference, [MANIFEST]);
    const manifestDigest = digestOf(got.bytes);
    if (ref.reference.startsWith("sha256:"))
        verifyDigest(got.bytes, ref.reference, `manifest ${source}`);
    const manifest = JSON.parse(got.bytes.toString("utf8"));
    const blobs = new Map();
    for (const d of [manifest.config, ...manifest.layers]) {
        const data = await client.getBlob(d.digest);
        if (data.byteLength !== d.size)
            throw new Error(`blob ${d.digest}: ${data.byteLength} bytes, manifest says ${d.size}`);
        blobs.set(d.digest, data);
    }
    return { manifest, manifestDigest, manifestBytes: got.bytes, blobs };
}
