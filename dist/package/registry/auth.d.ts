export interface Credentials {
    username: string;
    password: string;
}
export interface Challenge {
    scheme: string;
    params: Record<string, string>;
}
/** Parse one WWW-Authenticate header value, e.g. `Bearer realm="https://r/token",service="r",scope="repository:x:pull"`. */
export declare function parseChallenge(header: string): Challenge;
/** `Basic base64(user:password)`. */
export declare function basicAuth(c: Credentials): string;
/**
 * Fetch a bearer token for a challenge. `scope` overrides the challenge's (a push needs
 * "repository:<name>:pull,push" even when the first 401 came from a pull-scoped HEAD).
 */
export declare function fetchToken(challenge: Challenge, creds: Credentials | undefined, scope?: string): Promise<string>;
