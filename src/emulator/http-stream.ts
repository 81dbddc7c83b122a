/**
 * An HTTP stream driven the way Envoy's HTTP connection manager drives a Wasm filter.
 *
 * Callback order (§5.3): `on_context_create(id, root)` at the first request headers, then
 * request headers/body/trailers, response headers/body/trailers, and at {@link complete}
 * `on_log`, `on_done`, `on_delete`. Stops, buffering, `proxy_continue_stream` and local replies
 * follow Envoy (§3, §6).
 */
import type { DataAction, HeadersAction, TrailersAction } from "./abi/enums.ts";
import { fromBytes, type Pairs, type PropertyValue, toBytes } from "./abi/pairs.ts";
import { unregisterContext } from "./context-registry.ts";
import { getHeader, type HeadersInit, toPairs } from "./header-map.ts";
import type { StreamCall } from "./http-context.ts";
import { HttpFilterManager } from "./http-filter-manager.ts";
import { isGrpcRequest, type LocalResponse } from "./local-reply.ts";
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

/** Stop state per direction. */
export interface PausedState {
  request: boolean;
  response: boolean;
}

export class HttpStream {
  /** The stream's context id (reserved when the stream is created). */
  readonly contextId: number;
  /** Envoy's filter manager for this stream: what reaches the filter, what queues, local replies. */
  readonly #fm: HttpFilterManager;

  /** @internal use {@link Plugin.newHttpStream}. */
  constructor(
    /** The plugin (root context) this stream belongs to. */
    readonly plugin: Plugin,
    options: HttpStreamOptions,
  ) {
    this.contextId = plugin.vm.nextContextId();
    this.#fm = new HttpFilterManager(plugin, this.contextId, options.properties);
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
    this.#fm.checkOpen();
    this.#fm.grpcRequest = isGrpcRequest(toPairs(headers));
    return this.#fm.headers(this.#fm.state.request, headers, options.endOfStream ?? false);
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
    this.#fm.checkOpen();
    return this.#fm.body(this.#fm.state.request, toBytes(chunk), options.endOfStream ?? false);
  }

  /** Delivers request trailers via `proxy_on_request_trailers(id, n)`; returns 0 (Continue) or 1 (StopIteration). */
  sendRequestTrailers(trailers: HeadersInit): TrailersAction {
    this.#fm.checkOpen();
    return this.#fm.trailers(this.#fm.state.request, trailers);
  }

  /** Delivers response headers via `proxy_on_response_headers(id, n, eos)`. See {@link sendRequestHeaders}. */
  sendResponseHeaders(headers: HeadersInit, options: EndOfStreamOptions = {}): HeadersAction {
    this.#fm.checkOpen();
    this.#fm.checkUpstreamResponse();
    return this.#fm.headers(this.#fm.state.response, headers, options.endOfStream ?? false);
  }

  /** Delivers a response body chunk via `proxy_on_response_body`. See {@link sendRequestBody}. */
  sendResponseBody(chunk: string | Uint8Array, options: EndOfStreamOptions = {}): DataAction {
    this.#fm.checkOpen();
    this.#fm.checkUpstreamResponse();
    return this.#fm.body(this.#fm.state.response, toBytes(chunk), options.endOfStream ?? false);
  }

  /** Delivers response trailers via `proxy_on_response_trailers`. See {@link sendRequestTrailers}. */
  sendResponseTrailers(trailers: HeadersInit): TrailersAction {
    this.#fm.checkOpen();
    this.#fm.checkUpstreamResponse();
    return this.#fm.trailers(this.#fm.state.response, trailers);
  }

  /**
   * Ends the stream like Envoy: `proxy_on_log`, `proxy_on_done` (result ignored),
   * `proxy_on_delete`. In on_log the request headers, response headers and response trailers
   * are readable. Does nothing when the context was never created or the VM has failed
   * (Envoy sends a failed VM no callbacks). Idempotent.
   */
  complete(): void {
    const fm = this.#fm;
    if (fm.completed) return;
    fm.completed = true;
    const vm = this.plugin.vm;
    if (!fm.created || vm.failed) return;
    this.#fm.guard(() => {
      this.#fm.state.accessLog = true;
      try {
        vm.call("proxy_on_log", this.#fm.ctx, [this.contextId]);
      } finally {
        this.#fm.state.accessLog = false;
      }
      vm.call("proxy_on_done", this.#fm.ctx, [this.contextId]);
      try {
        vm.call("proxy_on_delete", this.#fm.ctx, [this.contextId]);
      } finally {
        unregisterContext(this.#fm.ctx);
      }
      vm.drainDeferred();
    });
  }

  // ----- what the host holds --------------------------------------------------------------------

  /** Request headers as the host holds them now (after the filter's changes). */
  get requestHeaders(): Pairs {
    return copy(this.#fm.state.request.headers);
  }
  /** Response headers as the host holds them now (includes a local reply's). */
  get responseHeaders(): Pairs {
    return copy(this.#fm.state.response.headers);
  }
  /** Request trailers (sent or created by the filter). */
  get requestTrailers(): Pairs {
    return copy(this.#fm.state.request.trailers);
  }
  /** Response trailers (sent or created by the filter). */
  get responseTrailers(): Pairs {
    return copy(this.#fm.state.response.trailers);
  }
  /** First value of a request header (case-insensitive), or undefined. */
  requestHeader(name: string): string | undefined {
    return getHeader(this.#fm.state.request.headers, name);
  }
  /** First value of a response header (case-insensitive), or undefined. */
  responseHeader(name: string): string | undefined {
    return getHeader(this.#fm.state.response.headers, name);
  }
  /** The request body the host holds (passed on plus held by the filter), as mutated. */
  get requestBody(): Uint8Array {
    return this.#fm.state.request.body;
  }
  /** {@link requestBody} as UTF-8 text. */
  get requestBodyText(): string {
    return fromBytes(this.requestBody);
  }
  /** The response body the host holds, as mutated (a local reply's body after its response path). */
  get responseBody(): Uint8Array {
    return this.#fm.state.response.body;
  }
  /** {@link responseBody} as UTF-8 text. */
  get responseBodyText(): string {
    return fromBytes(this.responseBody);
  }
  /** The local reply the filter sent, or the 503 `wasm_fail_stream` reply after a trap. */
  get localResponse(): LocalResponse | undefined {
    return this.#fm.localResponse;
  }
  /** proxy_continue_stream calls made for this stream, in order. */
  get continued(): readonly StreamCall[] {
    return this.#fm.state.continued;
  }
  /** proxy_close_stream calls made for this stream, in order. */
  get closed(): readonly StreamCall[] {
    return this.#fm.state.closed;
  }
  /** Whether each direction is currently stopped by the filter (or ended by a local reply). */
  get paused(): PausedState {
    return { request: this.#fm.state.request.stoppedAt !== undefined, response: this.#fm.state.response.stoppedAt !== undefined };
  }
  /** Filter state written with proxy_set_property (path as sent → value bytes). */
  get filterState(): ReadonlyMap<string, Uint8Array> {
    return this.#fm.state.filterState;
  }
  /** How many times the filter called the foreign function clear_route_cache on this stream. */
  get routeCacheClears(): number {
    return this.#fm.state.routeCacheClears;
  }
  /** True after the filter reset the stream with proxy_close_stream(Request|Response). */
  get reset(): boolean {
    return this.#fm.state.reset;
  }
  /** Log records of this stream's context. */
  get logs(): LogEntry[] {
    return this.plugin.logs.filter((e) => e.contextId === this.contextId);
  }
}

function copy(pairs: Pairs | undefined): Pairs {
  return (pairs ?? []).map(([k, v]) => [k, v]);
}

