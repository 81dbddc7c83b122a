import { type Pairs } from "./abi/pairs.ts";
import { type HeadersInit } from "./header-map.ts";
import type { Vm } from "./vm.ts";
/** A response a cluster sends back. */
export interface HttpCallResponseInit {
    /** `:status`; default 200. */
    status?: number;
    headers?: HeadersInit;
    body?: string | Uint8Array;
    trailers?: HeadersInit;
}
/**
 * Answers a call to a cluster: a response, "reset" (failure), "timeout" (Envoy's 504), or
 * undefined to leave it pending for the test to answer later.
 */
export type ClusterHandler = (call: HttpCall) => HttpCallResponseInit | "reset" | "timeout" | undefined;
/** Where a call stands. "cancelled": its root context was gone (or the VM failed) when answered. */
export type HttpCallState = "pending" | "responded" | "reset" | "timed-out" | "cancelled";
/** The body of Envoy's router reply when a callout's timeout fires. */
export declare const TIMEOUT_BODY = "upstream request timeout";
/** One `proxy_http_call` the host accepted. */
export declare class HttpCall {
    #private;
    readonly vm: Vm;
    /** The token the guest got (≡ 0 mod 4, from 4 per VM). */
    readonly token: number;
    readonly cluster: string;
    /** Request headers as sent (keys lower-cased; content-length added for a non-empty body). */
    readonly headers: Pairs;
    readonly body: Uint8Array;
    readonly trailers: Pairs;
    /** The guest's timeout; 0 = none. */
    readonly timeoutMs: number;
    /** The root context that issued the call and receives the response. */
    readonly rootContextId: number;
    /** The context that was current (or effective) when the guest made the call, e.g. a stream. */
    readonly contextId: number;
    state: HttpCallState;
    constructor(vm: Vm, 
    /** The token the guest got (≡ 0 mod 4, from 4 per VM). */
    token: number, cluster: string, 
    /** Request headers as sent (keys lower-cased; content-length added for a non-empty body). */
    headers: Pairs, body: Uint8Array, trailers: Pairs, 
    /** The guest's timeout; 0 = none. */
    timeoutMs: number, 
    /** The root context that issued the call and receives the response. */
    rootContextId: number, 
    /** The context that was current (or effective) when the guest made the call, e.g. a stream. */
    contextId: number);
    /** The request body as UTF-8 text. */
    get bodyText(): string;
    /** First value of a request header (case-insensitive). */
    header(name: string): string | undefined;
    /** Delivers a response: `:status` first, then the headers, body and trailers. */
    respond(init?: HttpCallResponseInit): void;
    /**
     * Fails the call as Envoy does when the stream is reset after the response started (or the
     * response exceeds the buffer limit): `on_http_call_response(root, token, 0, 0, 0)` with
     * `proxy_get_status` giving 11 "reset". Note: Envoy turns a connection failure or reset
     * *before* response headers into an ordinary 503 response instead; send that with respond().
     */
    reset(): void;
    /** The call's timeout fired: Envoy's router answers 504 "upstream request timeout". */
    timeout(): void;
}
/** The clusters a host knows and every call made to them. */
export declare class Upstreams {
    #private;
    /** Every call accepted so far, in order. */
    readonly calls: HttpCall[];
    /** Declares a cluster; with a handler, calls to it are answered by the handler. */
    setCluster(name: string, handler?: ClusterHandler): void;
    /** Whether `name` is a known cluster (unknown: proxy_http_call gives BadArgument). */
    has(name: string): boolean;
    /** The handler of `name`, if any. */
    handler(name: string): ClusterHandler | undefined;
    /** The next HTTP-call token of `vm`: 4, 8, 12, … */
    nextToken(vm: Vm): number;
    /** Calls still waiting for an answer. */
    get pending(): HttpCall[];
}
