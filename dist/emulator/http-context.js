/**
 * The host's side of an HTTP stream context: which maps and buffers the guest can reach in
 * each phase, the stream's attributes and filter state, and stream control. The test-facing
 * driver is {@link HttpStream}; both share one {@link StreamState}.
 */
import { BufferType, MapType, StreamType, WasmResult } from "./abi/enums.js";
import { int64, timestamp, uint64 } from "./abi/pairs.js";
import { AttributeNode, HeaderAttribute } from "./attributes.js";
import { HostContext } from "./context.js";
import { getHeader } from "./header-map.js";
import { pluginAttributes } from "./plugin.js";
const EMPTY = new Uint8Array(0);
/** Concatenates byte arrays. */
export function concatBytes(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
        out.set(p, offset);
        offset += p.length;
    }
    return out;
}
/** One direction (request or response) of an HTTP stream as the host holds it. */
export class Direction {
    name;
    /** Headers held by the host (undefined until they arrive). */
    headers;
    /** Trailers held by the host (undefined unless sent or created by the filter). */
    trailers;
    /** Envoy keeps a pointer to the map while its phase is active or stopped; else the map is gone. */
    headersLive = false;
    trailersLive = false;
    /** Body bytes that went on (continued) through the filter. */
    passed = EMPTY;
    /** Body bytes the filter holds while stopped. */
    held = EMPTY;
    /** The data presented to the running body callback. */
    current;
    /** The previous body callback returned StopIterationAndBuffer: present accumulated data next. */
    accumulate = false;
    /** end_of_stream of the running body callback (undefined outside body callbacks). */
    bodyCallbackEos;
    /** Where the filter stopped this direction; "local-reply" ends the request path for good. */
    stoppedAt;
    /**
     * The headers returned StopIteration under `allow_on_headers_stop_iteration`: only the headers
     * are held; body and trailers still go to the filter.
     */
    headersOnlyStop = false;
    /** Data and trailers that arrived while stopped at headers (Envoy's filter manager buffers them). */
    queue;
    /** The host has sent end of stream for this direction. */
    ended = false;
    constructor(name) {
        this.name = name;
    }
    /** All body bytes the host holds: passed on, held, and being processed. */
    get body() {
        return concatBytes(this.passed, this.held, this.current ?? EMPTY);
    }
}
/** Everything the host tracks for one HTTP stream. */
export class StreamState {
    startTime;
    request = new Direction("request");
    response = new Direction("response");
    /** True during proxy_on_log. */
    accessLog = false;
    /** Filter state written by proxy_set_property (key: the path as sent, without a trailing NUL). */
    filterState = new Map();
    /** A local reply requested during the running callback, sent after it returns. */
    pendingLocalReply;
    continued = [];
    closed = [];
    /** Set by proxy_close_stream(Request|Response): Envoy resets the stream. */
    reset = false;
    /** Calls of the foreign function clear_route_cache made for this stream. */
    routeCacheClears = 0;
    /** Wall time the stream started (ns). */
    constructor(startTime) {
        this.startTime = startTime;
    }
}
export class HttpContext extends HostContext {
    plugin;
    state;
    driver;
    kind = "http";
    constructor(plugin, id, state, driver) {
        super(plugin.vm, id);
        this.plugin = plugin;
        this.state = state;
        this.driver = driver;
    }
    get pluginName() {
        return this.plugin.name;
    }
    get accessLogPhase() {
        return this.state.accessLog;
    }
    get rootContextId() {
        return this.plugin.contextId;
    }
    clearRouteCache() {
        this.state.routeCacheClears++;
    }
    /** Bodies are reachable while their callback runs or while the filter holds them stopped. */
    getBuffer(type) {
        const dir = type === BufferType.HttpRequestBody ? this.state.request : type === BufferType.HttpResponseBody ? this.state.response : undefined;
        if (!dir)
            return super.getBuffer(type);
        if (this.state.accessLog)
            return undefined;
        if (dir.current !== undefined)
            return { get: () => dir.current, set: (b) => (dir.current = b) };
        if (dir.stoppedAt === "body" || dir.stoppedAt === "trailers")
            return { get: () => dir.held, set: (b) => (dir.held = b) };
        return undefined;
    }
    getMap(type, mutable) {
        const { request, response } = this.state;
        if (this.state.accessLog) {
            // Envoy's access-log maps: request headers, response headers and trailers, read-only.
            if (mutable)
                return undefined;
            if (type === MapType.HttpRequestHeaders)
                return request.headers;
            if (type === MapType.HttpResponseHeaders)
                return response.headers;
            if (type === MapType.HttpResponseTrailers)
                return response.trailers;
            return undefined;
        }
        switch (type) {
            case MapType.HttpRequestHeaders:
                return request.headersLive ? request.headers : undefined;
            case MapType.HttpResponseHeaders:
                return response.headersLive ? response.headers : undefined;
            case MapType.HttpRequestTrailers:
                return this.trailers(request, mutable);
            case MapType.HttpResponseTrailers:
                return this.trailers(response, mutable);
            default:
                return undefined;
        }
    }
    /** Trailers are live in their phase; a writer may create them in the last body callback. */
    trailers(dir, mutable) {
        if (dir.trailersLive)
            return dir.trailers;
        if (mutable && dir.bodyCallbackEos === true && dir.trailers === undefined) {
            dir.trailers = [];
            dir.trailersLive = true;
            return dir.trailers;
        }
        return undefined;
    }
    attributes() {
        const { request, response } = this.state;
        const header = (dir, name) => () => getHeader(dir.headers, name);
        const path = () => getHeader(request.headers, ":path");
        const status = getHeader(response.headers, ":status");
        return new AttributeNode({
            ...pluginAttributes(this.plugin).children,
            request: new AttributeNode({
                path,
                url_path: () => path()?.split("?")[0],
                query: () => {
                    const p = path();
                    return p === undefined ? undefined : p.includes("?") ? p.slice(p.indexOf("?") + 1) : "";
                },
                host: header(request, ":authority"),
                scheme: header(request, ":scheme"),
                method: header(request, ":method"),
                referer: header(request, "referer"),
                useragent: header(request, "user-agent"),
                id: () => getHeader(request.headers, "x-request-id") ?? this.driver.requestId,
                protocol: "HTTP/1.1",
                time: timestamp(this.state.startTime),
                headers: () => (request.headers ? new HeaderAttribute(request.headers) : undefined),
                size: () => int64(request.body.length),
            }),
            response: new AttributeNode({
                code: () => (status === undefined ? undefined : int64(Number(status))),
                headers: () => (response.headers ? new HeaderAttribute(response.headers) : undefined),
                trailers: () => (response.trailers ? new HeaderAttribute(response.trailers) : undefined),
                size: () => (response.headers ? int64(response.body.length) : undefined),
            }),
            source: new AttributeNode({ address: "127.0.0.1:54321", port: int64(54321) }),
            destination: new AttributeNode({ address: "127.0.0.1:10000", port: int64(10000) }),
            connection: new AttributeNode({ id: uint64(this.driver.connectionId), mtls: false }),
        })
            .apply(this.vm.host.properties)
            .apply(this.driver.properties);
    }
    /** Vocabulary first, then filter state written with proxy_set_property under the same path. */
    getProperty(segments) {
        const result = super.getProperty(segments);
        if (result !== WasmResult.NotFound)
            return result;
        return this.state.filterState.get(segments.join("\0")) ?? WasmResult.NotFound;
    }
    /** Envoy accepts any path while there is a stream (filter state `wasm.<path>`). */
    setProperty(path, value) {
        this.state.filterState.set(path.endsWith("\0") ? path.slice(0, -1) : path, value);
        return WasmResult.Ok;
    }
    continueStream(type) {
        if (type > StreamType.Upstream)
            return WasmResult.BadArgument;
        this.state.continued.push({ streamType: type, callback: this.vm.currentCallback });
        if (type === StreamType.Upstream)
            return WasmResult.Unimplemented;
        if (type === StreamType.Request || type === StreamType.Response) {
            const dir = type === StreamType.Request ? this.state.request : this.state.response;
            this.vm.defer(() => this.driver.resume(dir));
        }
        return WasmResult.Ok;
    }
    closeStream(type) {
        if (type > StreamType.Upstream)
            return WasmResult.BadArgument;
        this.state.closed.push({ streamType: type, callback: this.vm.currentCallback });
        if (type === StreamType.Request || type === StreamType.Response)
            this.state.reset = true;
        return WasmResult.Ok;
    }
    sendLocalResponse(reply) {
        this.state.pendingLocalReply = reply;
        this.vm.defer(() => this.driver.sendPendingLocalReply());
    }
}
