// Registry failures turned into messages that say what happened and what to do.
export class RegistryError extends Error {
    status;
    body;
    constructor(message, status, body) {
        super(message);
        this.status = status;
        this.body = body;
        this.name = "RegistryError";
    }
    /** Error codes from the registry's JSON body (e.g. MANIFEST_INVALID), if any. */
    get codes() {
        try {
            return (JSON.parse(this.body).errors ?? []).map((e) => e.code ?? "").filter(Boolean);
        }
        catch {
            return [];
        }
    }
}
function prettyBody(body) {
    if (!body.trim())
        return "(empty body)";
    try {
        return JSON.stringify(JSON.parse(body), null, 2);
    }
    catch {
        return body.length > 2000 ? `${body.slice(0, 2000)}…` : body;
    }
}
export const CREDENTIALS_HINT = "pass credentials with --username <user> and the password on stdin (--password-stdin), " +
    "or set ENVOY_AS_REGISTRY_USERNAME and ENVOY_AS_REGISTRY_PASSWORD";
/** Build the error for a failed request: 401/403, 404 and manifest/media-type rejections get specific advice. */
export function registryError(opts) {
    const { registry, repository, what, status, body } = opts;
    const codes = new RegistryError("", status, body).codes;
    let msg;
    if (status === 401) {
        msg = opts.hadCredentials
            ? `registry ${registry} rejected the credentials (401 Unauthorized) while trying to ${what}: check the username and password`
            : `registry ${registry} requires authentication (401 Unauthorized) to ${what}: ${CREDENTIALS_HINT}`;
    }
    else if (status === 403) {
        msg = `registry ${registry} denied access (403 Forbidden) to ${repository} while trying to ${what}: the account lacks push/pull permission on that repository`;
    }
    else if (status === 404) {
        const why = codes.includes("NAME_UNKNOWN")
            ? `repository ${repository} does not exist`
            : codes.includes("MANIFEST_UNKNOWN")
                ? `no such image in ${repository} (MANIFEST_UNKNOWN: unknown tag or digest, or the repository does not exist)`
                : codes.includes("BLOB_UNKNOWN")
                    ? `blob not found in ${repository} (BLOB_UNKNOWN)`
                    : `not found`;
        msg = `registry ${registry}: ${why} (404) while trying to ${what}; check the reference, or push it first with envoy-as push`;
    }
    else if (codes.some((c) => c.startsWith("MANIFEST_") || c === "UNSUPPORTED" || c === "BLOB_UNKNOWN") || status === 415) {
        msg = `registry ${registry} rejected the manifest for ${repository} (HTTP ${status} ${codes.join(", ")}) while trying to ${what}; the registry may not accept these media types (try --variant compat)`;
    }
    else {
        msg = `registry ${registry}: HTTP ${status} while trying to ${what}`;
    }
    return new RegistryError(`${msg}\nregistry response:\n${prettyBody(body)}`, status, body);
}
