// Field-level checks shared by the manifest validators: each returns "path: problem (fix)" or nothing.
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const SHA256_HEX = /^[a-f0-9]{64}$/;
/** A Kubernetes object name (DNS-1123 subdomain, ≤ 253). */
export function dnsSubdomain(p, path, v) {
    if (typeof v !== "string" || v.length > 253 || !DNS1123_SUBDOMAIN.test(v)) {
        p.push(`${path}: ${JSON.stringify(v)} is not a valid DNS-1123 name (lowercase letters, digits, '-' and '.', start and end alphanumeric, ≤ 253)`);
    }
}
/** A DNS-1123 label (≤ 63), e.g. a namespace. */
export function dnsLabel(p, path, v) {
    if (typeof v !== "string" || v.length > 63 || !DNS1123_LABEL.test(v)) {
        p.push(`${path}: ${JSON.stringify(v)} is not a valid DNS-1123 label (lowercase letters, digits and '-', ≤ 63)`);
    }
}
/** Label selector map: keys are qualified names, values label values (≤ 63). */
export function labels(p, path, v) {
    if (!v || typeof v !== "object" || Array.isArray(v))
        return void p.push(`${path}: must be a map of label → value`);
    for (const [k, val] of Object.entries(v)) {
        if (!QUALIFIED_NAME.test(k))
            p.push(`${path}.${k}: invalid label key`);
        if (typeof val !== "string" || val.length > 63 || !LABEL_VALUE.test(val))
            p.push(`${path}.${k}: invalid label value ${JSON.stringify(val)}`);
    }
}
/** One of the enum's values (exact spelling matters: these are proto/CRD enums). */
export function oneOf(p, path, v, values) {
    if (typeof v !== "string" || !values.includes(v))
        p.push(`${path}: ${JSON.stringify(v)} is not one of ${values.join(", ")}`);
}
/** Hex sha256 (64 lowercase hex characters, no "sha256:" prefix). */
export function sha256(p, path, v) {
    if (typeof v !== "string" || !SHA256_HEX.test(v)) {
        p.push(`${path}: ${JSON.stringify(v)} is not 64 lowercase hex characters (give the hex digest without "sha256:")`);
    }
}
/** A URL whose scheme is one of `schemes`. */
export function url(p, path, v, schemes) {
    if (typeof v !== "string")
        return void p.push(`${path}: required`);
    let u;
    try {
        u = new URL(v);
    }
    catch {
        return void p.push(`${path}: ${JSON.stringify(v)} is not a URL (expected ${schemes.map((s) => `${s}://…`).join(", ")})`);
    }
    const scheme = u.protocol.replace(/:$/, "");
    if (!schemes.includes(scheme))
        p.push(`${path}: scheme "${scheme}" is not supported here (use ${schemes.map((s) => `${s}://`).join(", ")})`);
}
/** An integer within [min, max]. */
export function int(p, path, v, min, max) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
        p.push(`${path}: ${JSON.stringify(v)} must be an integer in ${min}..${max}`);
}
/** Keys of `obj` that are not in `known` (misspelled fields are silently dropped by Kubernetes, so we refuse them). */
export function knownFields(p, path, obj, known) {
    if (!obj || typeof obj !== "object")
        return;
    for (const k of Object.keys(obj))
        if (!known.includes(k))
            p.push(`${path ? `${path}.` : ""}${k}: unknown field (known: ${known.join(", ")})`);
}
