// Registry authentication: Basic, and the token flow of the distribution spec
// (401 + `WWW-Authenticate: Bearer realm="…",service="…",scope="…"` → GET realm?service=&scope=
// with Basic credentials, or anonymously → {"token"|"access_token": "…"} → `Authorization: Bearer …`).
/** Parse one WWW-Authenticate header value, e.g. `Bearer realm="https://r/token",service="r",scope="repository:x:pull"`. */
export function parseChallenge(header) {
    const m = /^\s*(\S+)\s*(.*)$/s.exec(header);
    if (!m)
        throw new Error(`cannot parse WWW-Authenticate header ${JSON.stringify(header)}`);
    const params = {};
    const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*,?/g;
    let p;
    while ((p = re.exec(m[2])))
        params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, "$1") : p[3];
    return { scheme: m[1].toLowerCase(), params };
}
/** `Basic base64(user:password)`. */
export function basicAuth(c) {
    return `Basic ${Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")}`;
}
/**
 * Fetch a bearer token for a challenge. `scope` overrides the challenge's (a push needs
 * "repository:<name>:pull,push" even when the first 401 came from a pull-scoped HEAD).
 */
export async function fetchToken(challenge, creds, scope) {
    const realm = challenge.params.realm;
    if (!realm)
        throw new Error(`registry sent a Bearer challenge without realm: ${JSON.stringify(challenge.params)}`);
    const url = new URL(realm);
    if (challenge.params.service)
        url.searchParams.set("service", challenge.params.service);
    const s = scope ?? challenge.params.scope;
    if (s)
        url.searchParams.set("scope", s);
    const headers = {};
    if (creds)
        headers.authorization = basicAuth(creds);
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    if (!res.ok) {
        const err = new Error(`token service ${url.origin}${url.pathname} answered HTTP ${res.status}${res.status === 401 ? " (wrong or missing credentials)" : ""}: ${text.slice(0, 500)}`);
        err.status = res.status;
        throw err;
    }
    const body = JSON.parse(text);
    const token = body.token ?? body.access_token;
    if (!token)
        throw new Error(`token service ${url.origin}${url.pathname} returned no token: ${text.slice(0, 200)}`);
    return token;
}
