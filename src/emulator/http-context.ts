/**
 * The host's side of an HTTP stream context: which maps and buffers the guest can reach in
 * each phase, the stream's attributes and filter state, and stream control. The test-facing
 * driver is {@link HttpStream}; both share one {@link StreamState}.
 */
import { BufferType, MapType, StreamType, WasmResult } from "./abi/enums.ts";
import { int64, type Pairs, type PropertyValue, timestamp, uint64 } from "./abi/pairs.ts";
import { AttributeNode, HeaderAttribute, pluginAttributes } from "./attributes.ts";
import { type BufferRef, HostContext, type LocalReplyRequest } from "./context.ts";
import { getHeader } from "./header-map.ts";
import type { Plugin } from "./plugin.ts";

const EMPTY = new Uint8Array(0);

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
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
  /** Headers held by the host (undefined until they arrive). */
  headers: Pairs | undefined;
  /** Trailers held by the host (undefined unless sent or created by the filter). */
  trailers: Pairs | undefined;
  /** Envoy keeps a pointer to the map while its phase is active or stopped; else the map is gone. */
  headersLive = false;
  trailersLive = false;
  /** Body bytes that went on (continued) through the filter. */
  passed: Uint8Array = EMPTY;
  /** Body bytes the filter holds while stopped. */
  held: Uint8Array = EMPTY;
  /** The data presented to the running body callback. */
  current: Uint8Array | undefined;
  /** The previous body callback returned StopIterationAndBuffer: present accumulated data next. */
  accumulate = false;
  /** end_of_stream of the running body callback (undefined outside body callbacks). */
  bodyCallbackEos: boolean | undefined;
  /** Where the filter stopped this direction; "local-reply" ends the request path for good. */
  stoppedAt: "headers" | "body" | "trailers" | "local-reply" | undefined;
  /**
   * The headers returned StopIteration under `allow_on_headers_stop_iteration`: only the headers
   * are held; body and trailers still go to the filter.
   */
  headersOnlyStop = false;
  /** Data and trailers that arrived while stopped at headers (Envoy's filter manager buffers them). */
  queue: { chunks: Uint8Array[]; eos: boolean; trailers?: Pairs } | undefined;
  /** The host has sent end of stream for this direction. */
  ended = false;

  constructor(readonly name: "request" | "response") {}

  /** All body bytes the host holds: passed on, held, and being processed. */
  get body(): Uint8Array {
    return concatBytes(this.passed, this.held, this.current ?? EMPTY);
  }
}

/** A proxy_continue_stream / proxy_close_stream call made for a stream. */
export interface StreamCall {
  streamType: StreamType;
  /** The guest callback during which the call was made. */
  callback: string | undefined;
}

/** Everything the host tracks for one HTTP stream. */
export class StreamState {
  readonly request = new Direction("request");
  readonly response = new Direction("response");
  /** True during proxy_on_log. */
  accessLog = false;
  /** Filter state written by proxy_set_property (key: the path as sent, without a trailing NUL). */
  readonly filterState = new Map<string, Uint8Array>();
  /** A local reply requested during the running callback, sent after it returns. */
  pendingLocalReply: LocalReplyRequest | undefined;
  readonly continued: StreamCall[] = [];
  readonly closed: StreamCall[] = [];
  /** Set by proxy_close_stream(Request|Response): Envoy resets the stream. */
  reset = false;
  /** Calls of the foreign function clear_route_cache made for this stream. */
  routeCacheClears = 0;
  /** Wall time the stream started (ns). */
  constructor(readonly startTime: bigint) {}
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

/**
 * The host side of an HTTP stream context: what host functions see while its callbacks run
 * (SDK: HttpContext). Driven by {@link HttpStream} through its filter manager.
 */
export class HostHttpContext extends HostContext {
  readonly kind = "http" as const;

  constructor(
    readonly plugin: Plugin,
    id: number,
    readonly state: StreamState,
    private readonly driver: StreamDriver,
  ) {
    super(plugin.vm, id);
  }

  override get pluginName(): string {
    return this.plugin.name;
  }

  override get accessLogPhase(): boolean {
    return this.state.accessLog;
  }

  override get rootContextId(): number {
    return this.plugin.contextId;
  }

  override clearRouteCache(): void {
    this.state.routeCacheClears++;
  }

  /** Bodies are reachable while their callback runs or while the filter holds them stopped. */
  override getBuffer(type: BufferType): BufferRef | undefined {
    const dir = type === BufferType.HttpRequestBody ? this.state.request : type === BufferType.HttpResponseBody ? this.state.response : undefined;
    if (!dir) return super.getBuffer(type);
    if (this.state.accessLog) return undefined;
    if (dir.current !== undefined) return { get: () => dir.current!, set: (b) => (dir.current = b) };
    if (dir.stoppedAt === "body" || dir.stoppedAt === "trailers") return { get: () => dir.held, set: (b) => (dir.held = b) };
    return undefined;
  }

  override getMap(type: MapType, mutable: boolean): Pairs | undefined {
    const { request, response } = this.state;
    if (this.state.accessLog) {
      // Envoy's access-log maps: request headers, response headers and trailers, read-only.
      if (mutable) return undefined;
      if (type === MapType.HttpRequestHeaders) return request.headers;
      if (type === MapType.HttpResponseHeaders) return response.headers;
      if (type === MapType.HttpResponseTrailers) return response.trailers;
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
        return super.getMap(type, mutable); // callout answers and gRPC metadata: the root's
    }
  }

  /** Trailers are live in their phase; a writer may create them in the last body callback. */
  private trailers(dir: Direction, mutable: boolean): Pairs | undefined {
    if (dir.trailersLive) return dir.trailers;
    if (mutable && dir.bodyCallbackEos === true && dir.trailers === undefined) {
      dir.trailers = [];
      dir.trailersLive = true;
      return dir.trailers;
    }
    return undefined;
  }

  override attributes(): AttributeNode {
    const { request, response } = this.state;
    const header = (dir: Direction, name: string) => () => getHeader(dir.headers, name);
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
  override getProperty(segments: string[]): Uint8Array | WasmResult {
    const result = super.getProperty(segments);
    if (result !== WasmResult.NotFound) return result;
    return this.state.filterState.get(segments.join("\0")) ?? WasmResult.NotFound;
  }

  /** Envoy accepts any path while there is a stream (filter state `wasm.<path>`). */
  override setProperty(path: string, value: Uint8Array): WasmResult {
    this.state.filterState.set(path.endsWith("\0") ? path.slice(0, -1) : path, value);
    return WasmResult.Ok;
  }

  override continueStream(type: number): WasmResult {
    if (type > StreamType.Upstream) return WasmResult.BadArgument;
    this.state.continued.push({ streamType: type, callback: this.vm.currentCallback });
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    if (type === StreamType.Request || type === StreamType.Response) {
      const dir = type === StreamType.Request ? this.state.request : this.state.response;
      this.vm.defer(() => this.driver.resume(dir));
    }
    return WasmResult.Ok;
  }

  override closeStream(type: number): WasmResult {
    if (type > StreamType.Upstream) return WasmResult.BadArgument;
    this.state.closed.push({ streamType: type, callback: this.vm.currentCallback });
    if (type === StreamType.Request || type === StreamType.Response) this.state.reset = true;
    return WasmResult.Ok;
  }

  override sendLocalResponse(reply: LocalReplyRequest): void {
    this.state.pendingLocalReply = reply;
    this.vm.defer(() => this.driver.sendPendingLocalReply());
  }
}
