// A small client for the OCI distribution API (the subset push/pull of one image needs):
//   HEAD /v2/<name>/blobs/<digest>                exists?
//   POST /v2/<name>/blobs/uploads/ → 202 Location  start upload
//   PUT  <Location>?digest=<digest>  → 201          monolithic upload
//   PUT  /v2/<name>/manifests/<ref>  → 201          manifest, Content-Type = its media type
//   GET  /v2/<name>/manifests/<ref>, /blobs/<digest>
// Authentication is negotiated on the first 401 (Basic, or Bearer via the token service) and reused.
import { verifyDigest } from "../digest.js";
import { basicAuth, fetchToken, parseChallenge } from "./auth.js";
import { registryError } from "./errors.js";
export class RegistryClient {
    ref;
    creds;
    timeoutMs;
    authorization;
    authorizedFor;
    constructor(ref, creds, timeoutMs = 120_000) {
        this.ref = ref;
        this.creds = creds;
        this.timeoutMs = timeoutMs;
    }
    url(pathOrUrl) {
        if (/^https?:\/\//.test(pathOrUrl))
            return pathOrUrl;
        if (pathOrUrl.startsWith("/"))
            return new URL(pathOrUrl, `${this.ref.scheme}://${this.ref.registry}`).toString();
        return `${this.ref.apiBase}/${this.ref.repository}/${pathOrUrl}`;
    }
    async send(o) {
        const url = this.url(o.url);
        const attempt = () => fetch(url, {
            method: o.method,
            headers: { ...o.headers, ...(this.authorization ? { authorization: this.authorization } : {}) },
            body: o.body ? new Uint8Array(o.body) : undefined,
            redirect: "follow",
            signal: AbortSignal.timeout(this.timeoutMs),
        }).catch((err) => {
            const cause = err.cause?.code ?? err.cause?.message ?? err.message;
            throw new Error(`cannot reach registry ${this.ref.registry} (${url}) to ${o.what}: ${cause}`);
        });
        let res = await attempt();
        // A token scoped for pull is not enough for a push: renegotiate once when the scope grows.
        if (res.status === 401 && this.authorizedFor !== o.actions) {
            const body = await res.text();
            await this.authenticate(res.headers.get("www-authenticate"), o, body);
            res = await attempt();
        }
        if (!o.ok.includes(res.status)) {
            throw registryError({
                registry: this.ref.registry,
                repository: this.ref.repository,
                what: o.what,
                status: res.status,
                body: await res.text(),
                hadCredentials: !!this.creds,
            });
        }
        return res;
    }
    async authenticate(header, o, firstBody) {
        const fail = (status, body = firstBody) => registryError({ registry: this.ref.registry, repository: this.ref.repository, what: o.what, status, body, hadCredentials: !!this.creds });
        if (!header)
            throw fail(401);
        const challenge = parseChallenge(header);
        if (challenge.scheme === "basic") {
            if (!this.creds)
                throw fail(401);
            this.authorization = basicAuth(this.creds);
        }
        else if (challenge.scheme === "bearer") {
            try {
                const token = await fetchToken(challenge, this.creds, `repository:${this.ref.repository}:${o.actions}`);
                this.authorization = `Bearer ${token}`;
            }
            catch (err) {
                const status = err.status;
                if (status === 401 || status === 403)
                    throw fail(401, err.message);
                throw err;
            }
        }
        else {
            throw new Error(`registry ${this.ref.registry} asks for unsupported authentication "${challenge.scheme}" (${header})`);
        }
        this.authorizedFor = o.actions;
    }
    /** Whether the repository already has blob `digest`. */
    async blobExists(digest) {
        const res = await this.send({ method: "HEAD", url: `blobs/${digest}`, what: `check blob ${digest}`, ok: [200, 404], actions: "pull,push" });
        await res.arrayBuffer();
        return res.status === 200;
    }
    /** Monolithic upload: POST to start a session, PUT the bytes with ?digest=. */
    async uploadBlob(digest, data) {
        const start = await this.send({ method: "POST", url: "blobs/uploads/", what: `start upload of ${digest}`, ok: [202], actions: "pull,push" });
        await start.arrayBuffer();
        const location = start.headers.get("location");
        if (!location)
            throw new Error(`registry ${this.ref.registry} started an upload without a Location header`);
        const put = new URL(location, this.url("blobs/uploads/"));
        put.searchParams.set("digest", digest);
        const res = await this.send({
            method: "PUT",
            url: put.toString(),
            what: `upload blob ${digest}`,
            headers: { "content-type": "application/octet-stream", "content-length": String(data.byteLength) },
            body: data,
            ok: [201],
            actions: "pull,push",
        });
        await res.arrayBuffer();
    }
    /** PUT a manifest under `reference` (tag or digest); returns the digest the registry reports. */
    async putManifest(reference, bytes, mediaType) {
        const res = await this.send({
            method: "PUT",
            url: `manifests/${reference}`,
            what: `put manifest ${this.ref.repository}:${reference}`,
            headers: { "content-type": mediaType },
            body: bytes,
            ok: [200, 201],
            actions: "pull,push",
        });
        await res.arrayBuffer();
        return res.headers.get("docker-content-digest") ?? undefined;
    }
    /** GET a manifest; `accept` lists the media types we understand. */
    async getManifest(reference, accept) {
        const res = await this.send({
            method: "GET",
            url: `manifests/${reference}`,
            what: `get manifest ${this.ref.repository}:${reference}`,
            headers: { accept: accept.join(", ") },
            ok: [200],
            actions: "pull",
        });
        const bytes = Buffer.from(await res.arrayBuffer());
        return { bytes, mediaType: res.headers.get("content-type") ?? "", digest: res.headers.get("docker-content-digest") ?? undefined };
    }
    /** GET a blob and verify it against its digest. */
    async getBlob(digest) {
        const res = await this.send({ method: "GET", url: `blobs/${digest}`, what: `get blob ${digest}`, ok: [200], actions: "pull" });
        const data = Buffer.from(await res.arrayBuffer());
        verifyDigest(data, digest, `blob ${digest} from ${this.ref.registry}`);
        return data;
    }
}
