import { type Server } from "node:http";
export interface EchoReply {
    method: string;
    path: string;
    headers: Record<string, string | string[]>;
    body: string;
}
export interface EchoServer {
    url: string;
    port: number;
    host: string;
    /** Requests received so far, oldest first. */
    requests: EchoReply[];
    close(): Promise<void>;
}
/**
 * Paths where identity providers publish their keys (OIDC's jwks_uri). The demo upstream stands
 * in for an IdP there with one public P-256 key whose private half is not in this repository, so a filter
 * configured with a remote JWKS (the auth sample) starts cleanly and refuses every token.
 */
export declare const JWKS_PATH: RegExp;
export declare function createEchoServer(requests?: EchoReply[]): Server;
/** Start the echo server; port 0 (default) picks a free port. */
export declare function startEcho(opts?: {
    port?: number;
    host?: string;
}): Promise<EchoServer>;
