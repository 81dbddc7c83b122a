// Image references: [oci://]host[:port]/repository[:tag|@sha256:…].
//
// Transport: plain http ONLY for loopback registries (localhost, 127.0.0.1, [::1]); everything else
// is https. There is deliberately no switch to push credentials over plain http to a remote host.
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** Whether `host` (without port) is a loopback name for which plain http is allowed. */
export function isLoopback(host) {
    const h = host.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}
function hostOf(registry) {
    return registry.startsWith("[") ? registry.slice(0, registry.indexOf("]") + 1) : registry.split(":")[0];
}
/** Parse an image reference; errors name the bad part and show the expected form. */
export function parseImageRef(input) {
    const form = `expected host[:port]/repository[:tag], e.g. 127.0.0.1:5000/hello-world:0.1.0 or ghcr.io/acme/hello-world:v1`;
    const raw = input.replace(/^oci:\/\//, "");
    const slash = raw.indexOf("/");
    if (slash <= 0)
        throw new Error(`image reference ${JSON.stringify(input)}: no registry host; ${form}`);
    const registry = raw.slice(0, slash);
    let rest = raw.slice(slash + 1);
    let reference = "latest";
    const at = rest.indexOf("@");
    if (at >= 0) {
        reference = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!/^sha256:[a-f0-9]{64}$/.test(reference)) {
            throw new Error(`image reference ${JSON.stringify(input)}: digest ${JSON.stringify(reference)} is not sha256:<64 hex>`);
        }
    }
    else {
        const colon = rest.lastIndexOf(":");
        if (colon >= 0) {
            reference = rest.slice(colon + 1);
            rest = rest.slice(0, colon);
            if (!TAG.test(reference)) {
                throw new Error(`image reference ${JSON.stringify(input)}: tag ${JSON.stringify(reference)} is invalid (letters, digits, _ . -, at most 128, not starting with . or -)`);
            }
        }
    }
    const repository = rest;
    if (!repository || !repository.split("/").every((c) => REPO_COMPONENT.test(c))) {
        throw new Error(`image reference ${JSON.stringify(input)}: repository ${JSON.stringify(repository)} is invalid (lowercase letters, digits, separators . _ -, path components split by /); ${form}`);
    }
    const scheme = isLoopback(hostOf(registry)) ? "http" : "https";
    return { registry, repository, reference, scheme, apiBase: `${scheme}://${registry}/v2` };
}
/** host/repository:tag (or @digest) without scheme. */
export function formatImageRef(ref) {
    return `${ref.registry}/${ref.repository}${ref.reference.startsWith("sha256:") ? "@" : ":"}${ref.reference}`;
}
