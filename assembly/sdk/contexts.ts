// The user-facing context classes. A filter subclasses RootContext (one per plugin per worker
// VM: configuration, timers, shared state) and HttpContext (one per HTTP stream) or TcpContext
// (one per TCP connection), overriding only the callbacks it needs; every
// default does nothing and continues. The three refer to each other (a root creates the others,
// they know their root), so they are declared together here.
import { BufferType, DataAction, GrpcStatus, HeadersAction, MapType, NetworkAction, PeerType, StreamType, TrailersAction, WasmResult } from "./abi/enums";
import { decodeString } from "./abi/memory";
import { Context, currentContextId, setEffectiveContext } from "./context";
import { Buffer } from "./hostcalls/buffers";
import { finishDone } from "./hostcalls/context";
import { HeaderMap } from "./hostcalls/headers";
import { HeaderPair } from "./hostcalls/pairs";
import { continueStream, closeStream, sendLocalResponse } from "./hostcalls/stream";
import { HttpCall, HttpCallCallback, dispatchHttpCallFrom } from "./http-call";

/** A configuration handed to onVmStart / onConfigure, as bytes and as text. */
export class Configuration {
  constructor(public readonly bytes: ArrayBuffer) {}

  /** Size in bytes. */
  get size(): i32 { return this.bytes.byteLength; }

  /** The configuration as UTF-8 text (e.g. JSON). */
  toString(): string { return decodeString(this.bytes); }
}

/**
 * A plugin instance: one per configured filter (root_id) per worker VM. Lives until the plugin
 * is removed or reconfigured. Override the callbacks you need.
 */
export class RootContext extends Context {
  /** The root_id Envoy configured for this plugin ("" if none). Set before onVmStart. */
  rootId: string = "";

  /** Called once per root context when its VM starts. Return false to fail the VM. */
  onVmStart(vmConfiguration: Configuration): bool { return true; }

  /**
   * Called with the plugin configuration before any stream, and again for each update.
   * Parse and validate everything here; return false to reject it (Envoy then keeps the
   * previous configuration, or refuses to start). Log why at error level first.
   */
  onConfigure(configuration: Configuration): bool { return true; }

  /** Creates the context of a new HTTP stream. Override to return your HttpContext subclass. */
  newHttpContext(contextId: u32): HttpContext { return new HttpContext(contextId, this); }

  /**
   * Creates the context of a new TCP connection (network filter). Override to return your
   * TcpContext subclass. Called at the connection's first network callback.
   */
  newTcpContext(contextId: u32): TcpContext { return new TcpContext(contextId, this); }

  /** Called every tick period (see setTickPeriod) on each worker VM. */
  onTick(): void {}

  /** Called when the plugin is being removed. Return false to finish later with done(). */
  onDone(): bool { return true; }

  /**
   * Finishes a removal deferred by onDone returning false (e.g. from onTick or an HTTP-call
   * callback once pending work is flushed); onDelete follows after the current callback.
   * Callable from any later callback of this root. NotFound if no removal is pending.
   */
  done(): WasmResult {
    const previous = currentContextId;
    setEffectiveContext(this.id); // cpp-host finishes the current (or effective) context
    const result = finishDone();
    if (previous != 0) setEffectiveContext(previous);
    return result;
  }

  /**
   * Called after something was enqueued on a shared queue this root context registered
   * (registerSharedQueue), on this worker. Dequeue with dequeueSharedQueue(token) until Empty.
   */
  onQueueReady(token: u32): void {}

  /**
   * Called when the host invokes a function of this plugin (proxy_on_foreign_function), e.g.
   * Envoy's DNS resolution results. `args` holds the call data (may be empty).
   */
  onForeignFunction(functionId: u32, args: ArrayBuffer): void {}

  /**
   * Sends an HTTP request from this root context (e.g. in onTick, to refresh cached data); see
   * dispatchHttpCallFrom for the arguments, failure results and when `callback` runs.
   */
  dispatchHttpCall(cluster: string, headers: Array<HeaderPair>, body: ArrayBuffer, trailers: Array<HeaderPair>, timeoutMs: u32, callback: HttpCallCallback): HttpCall {
    return dispatchHttpCallFrom(this, cluster, headers, body, trailers, timeoutMs, callback);
  }

  /** Called last; the context is gone afterwards. */
  onDelete(): void {}
}

/** The parts of one direction of an HTTP stream: headers, body, trailers. */
export class HttpMessage {
  /** Headers of this direction, readable and writable in its headers callback (and while paused). */
  readonly headers: HeaderMap;
  /** Body of this direction, readable and writable in its body callbacks. */
  readonly body: Buffer;
  /** Trailers of this direction, in its trailers callback (or created at the last body chunk). */
  readonly trailers: HeaderMap;

  constructor(headers: MapType, body: BufferType, trailers: MapType, public readonly stream: StreamType) {
    this.headers = new HeaderMap(headers);
    this.body = new Buffer(body);
    this.trailers = new HeaderMap(trailers);
  }
}

/** The request of the stream whose callback is running: `request.headers.get(":path")`. */
export const request = new HttpMessage(MapType.HttpRequestHeaders, BufferType.HttpRequestBody, MapType.HttpRequestTrailers, StreamType.Request);
/** The response of the stream whose callback is running. */
export const response = new HttpMessage(MapType.HttpResponseHeaders, BufferType.HttpResponseBody, MapType.HttpResponseTrailers, StreamType.Response);

/**
 * One HTTP stream. Envoy calls, in order: onRequestHeaders, onRequestBody (per chunk),
 * onRequestTrailers, the same three for the response, then onLog, onDone and onDelete.
 */
export class HttpContext extends Context {
  constructor(id: u32, public readonly root: RootContext) { super(id); }

  /** Request headers arrived (`request.headers`). endOfStream: no body follows. */
  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction { return HeadersAction.Continue; }
  /** A request body chunk (or, while buffering, everything so far) is in `request.body`. */
  onRequestBody(bodySize: u32, endOfStream: bool): DataAction { return DataAction.Continue; }
  /** Request trailers arrived (`request.trailers`). */
  onRequestTrailers(trailerCount: u32): TrailersAction { return TrailersAction.Continue; }
  /** Response headers arrived (`response.headers`), including those of a local reply. */
  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction { return HeadersAction.Continue; }
  /** A response body chunk is in `response.body`. */
  onResponseBody(bodySize: u32, endOfStream: bool): DataAction { return DataAction.Continue; }
  /** Response trailers arrived (`response.trailers`). */
  onResponseTrailers(trailerCount: u32): TrailersAction { return TrailersAction.Continue; }
  /** The stream is complete: request and response headers are still readable (access logging). */
  onLog(): void {}
  /** The stream is finishing (Envoy ignores any wish to defer it). */
  onDone(): void {}
  /** Last call; the context is gone afterwards. */
  onDelete(): void {}

  /** Resumes the request after a Stop… return, from a later callback. */
  resumeRequest(): WasmResult {
    setEffectiveContext(this.id);
    return continueStream(StreamType.Request);
  }

  /** Resumes the response after a Stop… return, from a later callback. */
  resumeResponse(): WasmResult {
    setEffectiveContext(this.id);
    return continueStream(StreamType.Response);
  }

  /** Resets the stream. */
  reset(): WasmResult {
    setEffectiveContext(this.id);
    return closeStream(StreamType.Request);
  }

  /**
   * Sends an HTTP request for this stream (typically in onRequestHeaders, returning
   * StopIteration); `callback(origin = this stream, response)` runs later with this stream
   * effective, and may resumeRequest() or sendLocalResponse(). If the stream ends first the
   * response is dropped. See dispatchHttpCallFrom for the arguments and failure results.
   */
  dispatchHttpCall(cluster: string, headers: Array<HeaderPair>, body: ArrayBuffer, trailers: Array<HeaderPair>, timeoutMs: u32, callback: HttpCallCallback): HttpCall {
    return dispatchHttpCallFrom(this, cluster, headers, body, trailers, timeoutMs, callback);
  }

  /** Answers this stream locally (see sendLocalResponse); works from root callbacks too. */
  sendLocalResponse(status: u32, body: string, headers: Array<HeaderPair> = [], details: string = "", grpcStatus: GrpcStatus = GrpcStatus.InvalidCode): WasmResult {
    setEffectiveContext(this.id);
    const bytes = String.UTF8.encode(body);
    return sendLocalResponse(status, bytes, headers, details, grpcStatus);
  }
}

/**
 * One TCP connection through a network Wasm filter (envoy.filters.network.wasm). Envoy calls,
 * in order: onNewConnection, then onDownstreamData / onUpstreamData per chunk as bytes flow
 * (in `downstreamData` / `upstreamData`, tcp-data.ts), onUpstreamConnectionClose when the
 * upstream sends end of stream, onDownstreamConnectionClose when the connection closes, then
 * onDone, onLog and onDelete (TCP follows the spec order). Override the callbacks you need;
 * every default continues.
 */
export class TcpContext extends Context {
  constructor(id: u32, public readonly root: RootContext) { super(id); }

  /** A client connected. StopIteration holds the connection until resumeDownstream(). */
  onNewConnection(): NetworkAction { return NetworkAction.Continue; }
  /**
   * `size` bytes from the client are in `downstreamData` (edit them there before they go
   * upstream). `endOfStream`: the client half-closed.
   */
  onDownstreamData(size: u32, endOfStream: bool): NetworkAction { return NetworkAction.Continue; }
  /** `size` bytes from the upstream are in `upstreamData` (edit them before the client sees them). */
  onUpstreamData(size: u32, endOfStream: bool): NetworkAction { return NetworkAction.Continue; }
  /** The client side closed: `peer` is Local (Envoy/the filter closed it) or Remote (the client did). */
  onDownstreamConnectionClose(peer: PeerType): void {}
  /** The upstream side ended (Envoy reports Unknown when the upstream sent end of stream). */
  onUpstreamConnectionClose(peer: PeerType): void {}
  /** The connection is finishing. */
  onDone(): void {}
  /** After onDone, for access logging. */
  onLog(): void {}
  /** Last call; the context is gone afterwards. */
  onDelete(): void {}

  /** Resumes reading from the client after a StopIteration, from a later callback. */
  resumeDownstream(): WasmResult {
    setEffectiveContext(this.id);
    return continueStream(StreamType.Downstream);
  }

  /** Closes the client connection (Envoy flushes pending writes first). */
  closeDownstream(): WasmResult {
    setEffectiveContext(this.id);
    return closeStream(StreamType.Downstream);
  }

  /** Closes the upstream connection. */
  closeUpstream(): WasmResult {
    setEffectiveContext(this.id);
    return closeStream(StreamType.Upstream);
  }
}
