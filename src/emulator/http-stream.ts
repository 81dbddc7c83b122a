/**
 * An HTTP stream driven the way Envoy's HTTP connection manager drives a Wasm filter.
 *
 * Callback order (§5.3): `on_context_create(id, root)` at the first request headers, then
 * request headers/body/trailers, response headers/body/trailers, and at {@link complete}
 * `on_log`, `on_done`, `on_delete`. Stops, buffering, `proxy_continue_stream` and local replies
 * follow Envoy (§3, §6).
 */
import { DataAction, GrpcStatus, HeadersAction, TrailersAction } from "./abi/enums.ts";
import { fromBytes, type Pairs, type PropertyValue, toBytes } from "./abi/pairs.ts";
import { registerContext, unregisterContext } from "./context-registry.ts";
import { FilterTrap, VmFailedError } from "./errors.ts";
import { getHeader, type HeadersInit, setAllHeaders, toPairs } from "./header-map.ts";
import { concatBytes, type Direction, HttpContext, type StreamCall, StreamState } from "./http-context.ts";
import { isGrpcRequest, localReplyWire } from "./local-reply.ts";
import type { LogEntry } from "./logs.ts";
import type { Plugin } from "./plugin.ts";

/** Options of {@link Plugin.newHttpStream}. */
export interface HttpStreamOptions {
  /** Attribute overrides for this stream by dotted path, e.g. `{"source.address": "10.0.0.1:443"}`. */
  properties?: Record<string, PropertyValue>;
}

/** Options of the body and headers calls. */
export interface EndOfStreamOptions {
  /** This is the last frame of the direction (Envoy's end_stream). Default false. */
  endOfStream?: boolean;
}

/**
 * A local reply sent by the filter with proxy_send_local_response (or the 503 after a trap), as
 * Envoy sends it: to a gRPC request that is `:status` 200 with no body (see local-reply.ts).
 */
export interface LocalResponse {
  /** The `:status` sent (200 for a gRPC request). */
  status: number;
  /** The status the filter asked for. */
  requestedStatus: number;
  /** The body sent (empty for a gRPC request: the filter's body went into grpc-message). */
  body: Uint8Array;
  bodyText: string;
  /** The headers the filter passed (keys lower-cased). */
  headers: Pairs;
  /** Response code details; whitespace replaced by `_`. */
  details: string;
  /** The grpc-status sent (0–16), or undefined for none (always none for a plain request). */
  grpcStatus: number | undefined;
  /** The request was gRPC, so the reply was built by gRPC rules. */
  grpc: boolean;
}

/** Stop state per direction. */
export interface PausedState {
  request: boolean;
  response: boolean;
}

let nextConnectionId = 1;

export class HttpStream {
  /** The stream's context id (reserved when the stream is created). */
  readonly contextId: number;
  readonly #state: StreamState;
  readonly #ctx: HttpContext;
  #created = false;
  #completed = false;
  #localResponse: LocalResponse | undefined;
  /** Whether the request headers made this a gRPC request (decided on arrival, as Envoy does). */
  #grpcRequest = false;

  /** @internal use {@link Plugin.newHttpStream}. */
  constructor(
    /** The plugin (root context) this stream belongs to. */
    readonly plugin: Plugin,
    options: HttpStreamOptions,
  ) {
    this.contextId = plugin.vm.nextContextId();
    this.#state = new StreamState(plugin.vm.host.clock());
    const connectionId = nextConnectionId++;
    this.#ctx = new HttpContext(plugin, this.contextId, this.#state, {
      resume: (dir) => this.#resume(dir),
      sendPendingLocalReply: () => this.#sendPendingLocalReply(),
      properties: options.properties,
      connectionId,
      requestId: `00000000-0000-4000-8000-${connectionId.toString(16).padStart(12, "0")}`,
    });
  }

  // ----- driving the stream ---------------------------------------------------------------------

  /**
   * Delivers request headers (keys are lower-cased): creates the context on first use, then
   * calls `proxy_on_request_headers(id, n, eos)`. Returns the filter's action (values above 4
   * clamp to 4; StopIteration when it sent a local reply). A stop holds the request until the
   * filter calls `proxy_continue_stream(Request)`; with the plugin option
   * `allowOnHeadersStopIteration`, a StopIteration (1) holds only the headers and the body still
   * reaches the filter.
   */
  sendRequestHeaders(headers: HeadersInit, options: EndOfStreamOptions = {}): HeadersAction {
    this.#checkOpen();
    this.#grpcRequest = isGrpcRequest(toPairs(headers));
    return this.#headers(this.#state.request, headers, options.endOfStream ?? false);
  }

  /**
   * Delivers a request body chunk via `proxy_on_request_body(id, size, eos)`. After a
   * StopIterationAndBuffer, the next call presents the accumulated body. While the request is
   * stopped at its headers the chunk is queued (returns StopIterationAndBuffer) and delivered on
   * continue, except after a headers StopIteration under `allowOnHeadersStopIteration`, when it is
   * delivered (a Continue then lets the headers go on too); after a local reply it is dropped
   * (returns StopIterationNoBuffer).
   */
  sendRequestBody(chunk: string | Uint8Array, options: EndOfStreamOptions = {}): DataAction {
    this.#checkOpen();
    return this.#body(this.#state.request, toBytes(chunk), options.endOfStream ?? false);
  }

  /** Delivers request trailers via `proxy_on_request_trailers(id, n)`; returns 0 (Continue) or 1 (StopIteration). */
  sendRequestTrailers(trailers: HeadersInit): TrailersAction {
    this.#checkOpen();
    return this.#trailers(this.#state.request, trailers);
  }

  /** Delivers response headers via `proxy_on_response_headers(id, n, eos)`. See {@link sendRequestHeaders}. */
  sendResponseHeaders(headers: HeadersInit, options: EndOfStreamOptions = {}): HeadersAction {
    this.#checkOpen();
    this.#checkUpstreamResponse();
    return this.#headers(this.#state.response, headers, options.endOfStream ?? false);
  }

  /** Delivers a response body chunk via `proxy_on_response_body`. See {@link sendRequestBody}. */
  sendResponseBody(chunk: string | Uint8Array, options: EndOfStreamOptions = {}): DataAction {
    this.#checkOpen();
    this.#checkUpstreamResponse();
    return this.#body(this.#state.response, toBytes(chunk), options.endOfStream ?? false);
  }

  /** Delivers response trailers via `proxy_on_response_trailers`. See {@link sendRequestTrailers}. */
  sendResponseTrailers(trailers: HeadersInit): TrailersAction {
    this.#checkOpen();
    this.#checkUpstreamResponse();
    return this.#trailers(this.#state.response, trailers);
  }

  /**
   * Ends the stream like Envoy: `proxy_on_log`, `proxy_on_done` (result ignored),
   * `proxy_on_delete`. In on_log the request headers, response headers and response trailers
   * are readable. Does nothing when the context was never created or the VM has failed
   * (Envoy sends a failed VM no callbacks). Idempotent.
   */
  complete(): void {
    if (this.#completed) return;
    this.#completed = true;
    const vm = this.plugin.vm;
    if (!this.#created || vm.failed) return;
    this.#guard(() => {
      this.#state.accessLog = true;
      try {
        vm.call("proxy_on_log", this.#ctx, [this.contextId]);
      } finally {
        this.#state.accessLog = false;
      }
      vm.call("proxy_on_done", this.#ctx, [this.contextId]);
      try {
        vm.call("proxy_on_delete", this.#ctx, [this.contextId]);
      } finally {
        unregisterContext(this.#ctx);
      }
      vm.drainDeferred();
    });
  }

  // ----- what the host holds --------------------------------------------------------------------

  /** Request headers as the host holds them now (after the filter's changes). */
  get requestHeaders(): Pairs {
    return copy(this.#state.request.headers);
  }
  /** Response headers as the host holds them now (includes a local reply's). */
  get responseHeaders(): Pairs {
    return copy(this.#state.response.headers);
  }
  /** Request trailers (sent or created by the filter). */
  get requestTrailers(): Pairs {
    return copy(this.#state.request.trailers);
  }
  /** Response trailers (sent or created by the filter). */
  get responseTrailers(): Pairs {
    return copy(this.#state.response.trailers);
  }
  /** First value of a request header (case-insensitive), or undefined. */
  requestHeader(name: string): string | undefined {
    return getHeader(this.#state.request.headers, name);
  }
  /** First value of a response header (case-insensitive), or undefined. */
  responseHeader(name: string): string | undefined {
    return getHeader(this.#state.response.headers, name);
  }
  /** The request body the host holds (passed on plus held by the filter), as mutated. */
  get requestBody(): Uint8Array {
    return this.#state.request.body;
  }
  /** {@link requestBody} as UTF-8 text. */
  get requestBodyText(): string {
    return fromBytes(this.requestBody);
  }
  /** The response body the host holds, as mutated (a local reply's body after its response path). */
  get responseBody(): Uint8Array {
    return this.#state.response.body;
  }
  /** {@link responseBody} as UTF-8 text. */
  get responseBodyText(): string {
    return fromBytes(this.responseBody);
  }
  /** The local reply the filter sent, or the 503 `wasm_fail_stream` reply after a trap. */
  get localResponse(): LocalResponse | undefined {
    return this.#localResponse;
  }
  /** proxy_continue_stream calls made for this stream, in order. */
  get continued(): readonly StreamCall[] {
    return this.#state.continued;
  }
  /** proxy_close_stream calls made for this stream, in order. */
  get closed(): readonly StreamCall[] {
    return this.#state.closed;
  }
  /** Whether each direction is currently stopped by the filter (or ended by a local reply). */
  get paused(): PausedState {
    return { request: this.#state.request.stoppedAt !== undefined, response: this.#state.response.stoppedAt !== undefined };
  }
  /** Filter state written with proxy_set_property (path as sent → value bytes). */
  get filterState(): ReadonlyMap<string, Uint8Array> {
    return this.#state.filterState;
  }
  /** How many times the filter called the foreign function clear_route_cache on this stream. */
  get routeCacheClears(): number {
    return this.#state.routeCacheClears;
  }
  /** True after the filter reset the stream with proxy_close_stream(Request|Response). */
  get reset(): boolean {
    return this.#state.reset;
  }
  /** Log records of this stream's context. */
  get logs(): LogEntry[] {
    return this.plugin.logs.filter((e) => e.contextId === this.contextId);
  }

  // ----- Envoy's filter manager, reduced to one filter -------------------------------------------

  #checkOpen(): void {
    const vm = this.plugin.vm;
    if (vm.failure) throw new VmFailedError(vm.name, vm.failure);
    if (this.#completed) throw new Error(`stream ${this.contextId} is complete`);
    if (this.#state.reset) throw new Error(`stream ${this.contextId} was reset by proxy_close_stream; Envoy delivers nothing more`);
  }

  #checkUpstreamResponse(): void {
    if (this.#state.request.headers === undefined) throw new Error("send request headers before the response");
    if (this.#localResponse) throw new Error("the stream was answered by a local reply; there is no upstream response");
  }

  /** Runs guest work; a trap answers the stream with Envoy's 503 `wasm_fail_stream` before rethrowing. */
  #guard<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      if (e instanceof FilterTrap && !this.#localResponse) {
        this.#localResponse = {
          status: 503, requestedStatus: 503, body: new Uint8Array(0), bodyText: "", headers: [], details: "wasm_fail_stream",
          grpcStatus: GrpcStatus.Unavailable, grpc: false,
        };
        if (this.#state.response.headers === undefined) this.#state.response.headers = [[":status", "503"]];
      }
      throw e;
    }
  }

  #ensureCreated(): void {
    if (this.#created) return;
    this.#created = true;
    registerContext(this.#ctx);
    this.plugin.vm.call("proxy_on_context_create", this.#ctx, [this.contextId, this.plugin.contextId]);
  }

  #headers(dir: Direction, init: HeadersInit, eos: boolean): HeadersAction {
    if (dir.headers !== undefined) throw new Error(`${dir.name} headers were already sent`);
    dir.headers = toPairs(init);
    dir.ended = eos;
    const vm = this.plugin.vm;
    return this.#guard(() => {
      this.#ensureCreated();
      dir.headersLive = true;
      const raw = vm.call(`proxy_on_${dir.name}_headers`, this.#ctx, [this.contextId, dir.headers!.length, eos ? 1 : 0]) ?? 0;
      let action = Math.min(raw >>> 0, HeadersAction.StopAllIterationAndWatermark) as HeadersAction;
      if (this.#state.pendingLocalReply) action = HeadersAction.StopIteration;
      else if (action === HeadersAction.Continue || action === HeadersAction.ContinueAndEndStream) dir.headersLive = false;
      else {
        dir.stoppedAt = "headers";
        dir.headersOnlyStop = action === HeadersAction.StopIteration && this.plugin.allowOnHeadersStopIteration;
      }
      vm.drainDeferred();
      return action;
    });
  }

  #body(dir: Direction, chunk: Uint8Array, eos: boolean): DataAction {
    if (dir.headers === undefined) throw new Error(`send ${dir.name} headers before the body`);
    if (dir.ended) throw new Error(`${dir.name} end of stream was already sent`);
    dir.ended = eos;
    if (dir.stoppedAt === "local-reply") return DataAction.StopIterationNoBuffer;
    if (this.#holdsAll(dir)) {
      dir.queue ??= { chunks: [], eos: false };
      dir.queue.chunks.push(chunk);
      dir.queue.eos = eos;
      return DataAction.StopIterationAndBuffer;
    }
    return this.#deliverBody(dir, chunk, eos);
  }

  /**
   * Whether data and trailers queue in the filter manager instead of reaching the filter: while
   * stopped at headers (StopAllIteration…, or StopIteration without
   * `allow_on_headers_stop_iteration`) and while earlier data still waits in the queue.
   */
  #holdsAll(dir: Direction): boolean {
    return (dir.stoppedAt === "headers" && !dir.headersOnlyStop) || dir.queue !== undefined;
  }

  #deliverBody(dir: Direction, chunk: Uint8Array, eos: boolean): DataAction {
    const vm = this.plugin.vm;
    return this.#guard(() => {
      if (dir.accumulate) {
        dir.current = concatBytes(dir.held, chunk);
        dir.held = new Uint8Array(0);
      } else dir.current = chunk;
      dir.bodyCallbackEos = eos;
      let raw: number;
      try {
        raw = vm.call(`proxy_on_${dir.name}_body`, this.#ctx, [this.contextId, dir.current.length, eos ? 1 : 0]) ?? 0;
      } finally {
        dir.bodyCallbackEos = undefined;
        dir.trailersLive = false;
      }
      const current = dir.current ?? new Uint8Array(0);
      dir.current = undefined;
      let action = Math.min(raw >>> 0, DataAction.StopIterationNoBuffer) as DataAction;
      if (this.#state.pendingLocalReply) action = DataAction.StopIterationNoBuffer;
      else if (action === DataAction.Continue) {
        dir.passed = concatBytes(dir.passed, dir.held, current);
        dir.held = new Uint8Array(0);
        dir.accumulate = false;
        // Headers held by a headers-only stop go on with this data.
        if (dir.headersOnlyStop) dir.headersLive = dir.headersOnlyStop = false;
        dir.stoppedAt = undefined;
      } else {
        if (action !== DataAction.StopIterationNoBuffer) dir.held = concatBytes(dir.held, current);
        dir.accumulate = action === DataAction.StopIterationAndBuffer;
        dir.stoppedAt = "body";
      }
      vm.drainDeferred();
      return action;
    });
  }

  #trailers(dir: Direction, init: HeadersInit): TrailersAction {
    if (dir.headers === undefined) throw new Error(`send ${dir.name} headers before the trailers`);
    if (dir.ended) throw new Error(`${dir.name} end of stream was already sent`);
    dir.ended = true;
    dir.trailers = toPairs(init);
    if (dir.stoppedAt === "local-reply") return TrailersAction.StopIteration;
    if (this.#holdsAll(dir)) {
      dir.queue ??= { chunks: [], eos: false };
      dir.queue.trailers = dir.trailers;
      return TrailersAction.StopIteration;
    }
    return this.#deliverTrailers(dir);
  }

  #deliverTrailers(dir: Direction): TrailersAction {
    const vm = this.plugin.vm;
    return this.#guard(() => {
      dir.trailersLive = true;
      const raw = vm.call(`proxy_on_${dir.name}_trailers`, this.#ctx, [this.contextId, dir.trailers!.length]) ?? 0;
      let action = raw === 0 ? TrailersAction.Continue : TrailersAction.StopIteration;
      if (this.#state.pendingLocalReply) action = TrailersAction.StopIteration;
      else if (action === 0) {
        if (dir.headersOnlyStop) dir.headersLive = dir.headersOnlyStop = false;
        dir.trailersLive = false;
        dir.passed = concatBytes(dir.passed, dir.held);
        dir.held = new Uint8Array(0);
        dir.stoppedAt = undefined;
      } else dir.stoppedAt = "trailers";
      vm.drainDeferred();
      return action;
    });
  }

  /** proxy_continue_stream, after the callback returned: release the maps and held data, then deliver what queued up. */
  #resume(dir: Direction): void {
    if (dir.stoppedAt === "local-reply" || this.#completed) return;
    dir.headersLive = false;
    dir.headersOnlyStop = false;
    dir.trailersLive = false;
    dir.passed = concatBytes(dir.passed, dir.held);
    dir.held = new Uint8Array(0);
    dir.accumulate = false;
    dir.stoppedAt = undefined;
    const queue = dir.queue;
    dir.queue = undefined;
    if (!queue) return;
    if (queue.chunks.length) this.#deliverBody(dir, concatBytes(...queue.chunks), queue.eos && !queue.trailers);
    if (queue.trailers && !this.plugin.vm.failed && dir.stoppedAt !== "local-reply") this.#deliverTrailers(dir);
  }

  /**
   * Sends the local reply requested during the callback that just returned: the request path
   * ends, and the reply runs through the response path (on_response_headers with `:status` and
   * its headers, then on_response_body with end of stream) as Envoy's encoder filters see it.
   * If the response had already reached the filter, or a first local reply is being encoded,
   * the reply replaces the response without callbacks (Envoy's direct local reply).
   */
  #sendPendingLocalReply(): void {
    const reply = this.#state.pendingLocalReply;
    this.#state.pendingLocalReply = undefined;
    if (!reply) return;
    const wire = localReplyWire(reply, this.#grpcRequest);
    const sent: LocalResponse = {
      ...reply, status: Number(wire.headers[0][1]), requestedStatus: reply.status, body: wire.body, bodyText: fromBytes(wire.body),
      grpcStatus: wire.grpcStatus, grpc: this.#grpcRequest,
    };
    const { request, response } = this.#state;
    if (this.#localResponse || response.headers !== undefined) {
      this.#localResponse = sent;
      this.#replaceResponse(wire.headers, wire.body);
      return;
    }
    this.#localResponse = sent;
    request.stoppedAt = "local-reply";
    request.headersLive = request.trailersLive = false;
    request.queue = undefined;

    this.#headers(response, wire.headers, wire.body.length === 0);
    // A second local reply during on_response_headers replaced this one: nothing more of it.
    if (this.#localResponse !== sent || !wire.body.length || this.plugin.vm.failed) return;
    response.ended = true;
    if (response.stoppedAt === "headers") {
      response.queue ??= { chunks: [], eos: true };
      response.queue.chunks.push(wire.body);
      response.queue.eos = true;
    } else this.#deliverBody(response, wire.body, true);
  }

  /** Envoy's direct local reply: the response becomes `headers` + `body`, no filter callbacks. */
  #replaceResponse(headers: Pairs, body: Uint8Array): void {
    const { request, response } = this.#state;
    request.stoppedAt = "local-reply";
    request.headersLive = request.trailersLive = false;
    request.queue = undefined;
    if (response.headers === undefined) response.headers = [];
    setAllHeaders(response.headers, headers);
    response.passed = body;
    response.held = new Uint8Array(0);
    response.current = undefined;
    response.queue = undefined;
    response.headersLive = response.trailersLive = false;
    response.stoppedAt = undefined;
    response.ended = true;
  }
}

function copy(pairs: Pairs | undefined): Pairs {
  return (pairs ?? []).map(([k, v]) => [k, v]);
}

