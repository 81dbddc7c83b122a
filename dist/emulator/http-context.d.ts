/**
 * The host's side of an HTTP stream context: which maps and buffers the guest can reach in
 * each phase, the stream's attributes and filter state, and stream control. The test-facing
 * driver is {@link HttpStream}; both share one {@link StreamState}.
 */
import { BufferType, MapType, StreamType, WasmResult } from "./abi/enums.ts";
import { type Pairs, type PropertyValue } from "./abi/pairs.ts";
import { AttributeNode } from "./attributes.ts";
import { type BufferRef, HostContext, type LocalReplyRequest } from "./context.ts";
import { type Plugin } from "./plugin.ts";
/** Concatenates byte arrays. */
export declare function concatBytes(...parts: Uint8Array[]): Uint8Array;
/** One direction (request or response) of an HTTP stream as the host holds it. */
export declare class Direction {
    readonly name: "request" | "response";
    /** Headers held by the host (undefined until they arrive). */
    headers: Pairs | undefined;
    /** Trailers held by the host (undefined unless sent or created by the filter). */
    trailers: Pairs | undefined;
    /** Envoy keeps a pointer to the map while its phase is active or stopped; else the map is gone. */
    headersLive: boolean;
    trailersLive: boolean;
    /** Body bytes that went on (continued) through the filter. */
    passed: Uint8Array;
    /** Body bytes the filter holds while stopped. */
    held: Uint8Array;
    /** The data presented to the running body callback. */
    current: Uint8Array | undefined;
    /** The previous body callback returned StopIterationAndBuffer: present accumulated data next. */
    accumulate: boolean;
    /** end_of_stream of the running body callback (undefined outside body callbacks). */
    bodyCallbackEos: boolean | undefined;
    /** Where the filter stopped this direction; "local-reply" ends the request path for good. */
    stoppedAt: "headers" | "body" | "trailers" | "local-reply" | undefined;
    /**
     * The headers returned StopIteration under `allow_on_headers_stop_iteration`: only the headers
     * are held; body and trailers still go to the filter.
     */
    headersOnlyStop: boolean;
    /** Data and trailers that arrived while stopped at headers (Envoy's filter manager buffers them). */
    queue: {
        chunks: Uint8Array[];
        eos: boolean;
        trailers?: Pairs;
    } | undefined;
    /** The host has sent end of stream for this direction. */
    ended: boolean;
    constructor(name: "request" | "response");
    /** All body bytes the host holds: passed on, held, and being processed. */
    get body(): Uint8Array;
}
/** A proxy_continue_stream / proxy_close_stream call made for a stream. */
export interface StreamCall {
    streamType: StreamType;
    /** The guest callback during which the call was made. */
    callback: string | undefined;
}
/** Everything the host tracks for one HTTP stream. */
export declare class StreamState {
    readonly startTime: bigint;
    readonly request: Direction;
    readonly response: Direction;
    /** True during proxy_on_log. */
    accessLog: boolean;
    /** Filter state written by proxy_set_property (key: the path as sent, without a trailing NUL). */
    readonly filterState: Map<string, Uint8Array<ArrayBufferLike>>;
    /** A local reply requested during the running callback, sent after it returns. */
    pendingLocalReply: LocalReplyRequest | undefined;
    readonly continued: StreamCall[];
    readonly closed: StreamCall[];
    /** Set by proxy_close_stream(Request|Response): Envoy resets the stream. */
    reset: boolean;
    /** Calls of the foreign function clear_route_cache made for this stream. */
    routeCacheClears: number;
    /** Wall time the stream started (ns). */
    constructor(startTime: bigint);
}
/** Hooks the context needs from the stream driver. */
export interface StreamDriver {
    /** Resumes a stopped direction (run after the current callback returns). */
    resume(direction: Direction): void;
    /** Sends the pending local reply (run after the current callback returns). */
    sendPendingLocalReply(): void;
    /** Test-provided attribute overrides for this stream. */
    readonly properties: Record<string, PropertyValue> | undefined;
    /** Downstream connection id. */
    readonly connectionId: number;
    /** Generated request id (used when there is no x-request-id header). */
    readonly requestId: string;
}
export declare class HttpContext extends HostContext {
    readonly plugin: Plugin;
    readonly state: StreamState;
    private readonly driver;
    readonly kind: "http";
    constructor(plugin: Plugin, id: number, state: StreamState, driver: StreamDriver);
    get pluginName(): string;
    get accessLogPhase(): boolean;
    get rootContextId(): number;
    clearRouteCache(): void;
    /** Bodies are reachable while their callback runs or while the filter holds them stopped. */
    getBuffer(type: BufferType): BufferRef | undefined;
    getMap(type: MapType, mutable: boolean): Pairs | undefined;
    /** Trailers are live in their phase; a writer may create them in the last body callback. */
    private trailers;
    attributes(): AttributeNode;
    /** Vocabulary first, then filter state written with proxy_set_property under the same path. */
    getProperty(segments: string[]): Uint8Array | WasmResult;
    /** Envoy accepts any path while there is a stream (filter state `wasm.<path>`). */
    setProperty(path: string, value: Uint8Array): WasmResult;
    continueStream(type: number): WasmResult;
    closeStream(type: number): WasmResult;
    sendLocalResponse(reply: LocalReplyRequest): void;
}
