/**
 * Envoy's HTTP filter manager reduced to one filter: what happens to headers, body chunks and
 * trailers when the filter continues, stops or buffers (§3), what queues while a direction is
 * stopped, what `proxy_continue_stream` releases, and how a local reply runs through the
 * response path (§6). {@link HttpStream} is the test-facing driver on top of it.
 */
import { DataAction, GrpcStatus, HeadersAction, TrailersAction } from "./abi/enums.ts";
import { fromBytes, type Pairs, type PropertyValue } from "./abi/pairs.ts";
import { registerContext } from "./context-registry.ts";
import { FilterTrap, VmFailedError } from "./errors.ts";
import { type HeadersInit, setAllHeaders, toPairs } from "./header-map.ts";
import { concatBytes, type Direction, HostHttpContext, StreamState } from "./http-context.ts";
import { type LocalResponse, localReplyWire } from "./local-reply.ts";
import type { Plugin } from "./plugin.ts";

let nextConnectionId = 1;

/** One stream's filter-manager state and transitions; owned by its {@link HttpStream}. */
export class HttpFilterManager {
  readonly state: StreamState;
  readonly ctx: HostHttpContext;
  /** `proxy_on_context_create` ran (at the first request headers). */
  created = false;
  /** The stream ended (on_log, on_done, on_delete ran or were skipped). */
  completed = false;
  /** The local reply sent, or the 503 `wasm_fail_stream` reply after a trap. */
  localResponse: LocalResponse | undefined;
  /** Whether the request headers made this a gRPC request (decided on arrival, as Envoy does). */
  grpcRequest = false;

  constructor(
    /** The plugin (root context) the stream belongs to. */
    readonly plugin: Plugin,
    /** The stream's context id. */
    readonly contextId: number,
    properties: Record<string, PropertyValue> | undefined,
  ) {
    this.state = new StreamState(plugin.vm.host.clock());
    const connectionId = nextConnectionId++;
    this.ctx = new HostHttpContext(plugin, contextId, this.state, {
      resume: (dir) => this.resume(dir),
      sendPendingLocalReply: () => this.sendPendingLocalReply(),
      properties,
      connectionId,
      requestId: `00000000-0000-4000-8000-${connectionId.toString(16).padStart(12, "0")}`,
    });
  }

  /** Throws when the stream can take no more frames: failed VM, completed, or reset. */
  checkOpen(): void {
    const vm = this.plugin.vm;
    if (vm.failure) throw new VmFailedError(vm.name, vm.failure);
    if (this.completed) throw new Error(`stream ${this.contextId} is complete`);
    if (this.state.reset) throw new Error(`stream ${this.contextId} was reset by proxy_close_stream; Envoy delivers nothing more`);
  }

  /** Throws when an upstream response cannot come: no request yet, or a local reply answered it. */
  checkUpstreamResponse(): void {
    if (this.state.request.headers === undefined) throw new Error("send request headers before the response");
    if (this.localResponse) throw new Error("the stream was answered by a local reply; there is no upstream response");
  }

  /** Runs guest work; a trap answers the stream with Envoy's 503 `wasm_fail_stream` before rethrowing. */
  guard<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      if (e instanceof FilterTrap && !this.localResponse) {
        this.localResponse = {
          status: 503, requestedStatus: 503, body: new Uint8Array(0), bodyText: "", headers: [], details: "wasm_fail_stream",
          grpcStatus: GrpcStatus.Unavailable, grpc: false,
        };
        if (this.state.response.headers === undefined) this.state.response.headers = [[":status", "503"]];
      }
      throw e;
    }
  }

  /** `proxy_on_context_create(id, root)` on first use. */
  ensureCreated(): void {
    if (this.created) return;
    this.created = true;
    registerContext(this.ctx);
    this.plugin.vm.call("proxy_on_context_create", this.ctx, [this.contextId, this.plugin.contextId]);
  }

  /** Delivers headers of `dir`; the action, as Envoy reads it. */
  headers(dir: Direction, init: HeadersInit, eos: boolean): HeadersAction {
    if (dir.headers !== undefined) throw new Error(`${dir.name} headers were already sent`);
    dir.headers = toPairs(init);
    dir.ended = eos;
    const vm = this.plugin.vm;
    return this.guard(() => {
      this.ensureCreated();
      dir.headersLive = true;
      const raw = vm.call(`proxy_on_${dir.name}_headers`, this.ctx, [this.contextId, dir.headers!.length, eos ? 1 : 0]) ?? 0;
      let action = Math.min(raw >>> 0, HeadersAction.StopAllIterationAndWatermark) as HeadersAction;
      if (this.state.pendingLocalReply) action = HeadersAction.StopIteration;
      else if (action === HeadersAction.Continue || action === HeadersAction.ContinueAndEndStream) dir.headersLive = false;
      else {
        dir.stoppedAt = "headers";
        dir.headersOnlyStop = action === HeadersAction.StopIteration && this.plugin.allowOnHeadersStopIteration;
      }
      vm.drainDeferred();
      return action;
    });
  }

  /** A body chunk of `dir`: dropped after a local reply, queued while stopped, else delivered. */
  body(dir: Direction, chunk: Uint8Array, eos: boolean): DataAction {
    if (dir.headers === undefined) throw new Error(`send ${dir.name} headers before the body`);
    if (dir.ended) throw new Error(`${dir.name} end of stream was already sent`);
    dir.ended = eos;
    if (dir.stoppedAt === "local-reply") return DataAction.StopIterationNoBuffer;
    if (this.holdsAll(dir)) {
      dir.queue ??= { chunks: [], eos: false };
      dir.queue.chunks.push(chunk);
      dir.queue.eos = eos;
      return DataAction.StopIterationAndBuffer;
    }
    return this.deliverBody(dir, chunk, eos);
  }

  /**
   * Whether data and trailers queue in the filter manager instead of reaching the filter: while
   * stopped at headers (StopAllIteration…, or StopIteration without
   * `allow_on_headers_stop_iteration`) and while earlier data still waits in the queue.
   */
  holdsAll(dir: Direction): boolean {
    return (dir.stoppedAt === "headers" && !dir.headersOnlyStop) || dir.queue !== undefined;
  }

  /** `proxy_on_<dir>_body` with the chunk (plus what a StopIterationAndBuffer accumulated). */
  deliverBody(dir: Direction, chunk: Uint8Array, eos: boolean): DataAction {
    const vm = this.plugin.vm;
    return this.guard(() => {
      if (dir.accumulate) {
        dir.current = concatBytes(dir.held, chunk);
        dir.held = new Uint8Array(0);
      } else dir.current = chunk;
      dir.bodyCallbackEos = eos;
      let raw: number;
      try {
        raw = vm.call(`proxy_on_${dir.name}_body`, this.ctx, [this.contextId, dir.current.length, eos ? 1 : 0]) ?? 0;
      } finally {
        dir.bodyCallbackEos = undefined;
        dir.trailersLive = false;
      }
      const current = dir.current ?? new Uint8Array(0);
      dir.current = undefined;
      let action = Math.min(raw >>> 0, DataAction.StopIterationNoBuffer) as DataAction;
      if (this.state.pendingLocalReply) action = DataAction.StopIterationNoBuffer;
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

  /** Trailers of `dir`: dropped after a local reply, queued while stopped, else delivered. */
  trailers(dir: Direction, init: HeadersInit): TrailersAction {
    if (dir.headers === undefined) throw new Error(`send ${dir.name} headers before the trailers`);
    if (dir.ended) throw new Error(`${dir.name} end of stream was already sent`);
    dir.ended = true;
    dir.trailers = toPairs(init);
    if (dir.stoppedAt === "local-reply") return TrailersAction.StopIteration;
    if (this.holdsAll(dir)) {
      dir.queue ??= { chunks: [], eos: false };
      dir.queue.trailers = dir.trailers;
      return TrailersAction.StopIteration;
    }
    return this.deliverTrailers(dir);
  }

  /** `proxy_on_<dir>_trailers`. */
  deliverTrailers(dir: Direction): TrailersAction {
    const vm = this.plugin.vm;
    return this.guard(() => {
      dir.trailersLive = true;
      const raw = vm.call(`proxy_on_${dir.name}_trailers`, this.ctx, [this.contextId, dir.trailers!.length]) ?? 0;
      let action = raw === 0 ? TrailersAction.Continue : TrailersAction.StopIteration;
      if (this.state.pendingLocalReply) action = TrailersAction.StopIteration;
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
  resume(dir: Direction): void {
    if (dir.stoppedAt === "local-reply" || this.completed) return;
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
    if (queue.chunks.length) this.deliverBody(dir, concatBytes(...queue.chunks), queue.eos && !queue.trailers);
    if (queue.trailers && !this.plugin.vm.failed && dir.stoppedAt !== "local-reply") this.deliverTrailers(dir);
  }

  /**
   * Sends the local reply requested during the callback that just returned: the request path
   * ends, and the reply runs through the response path (on_response_headers with `:status` and
   * its headers, then on_response_body with end of stream) as Envoy's encoder filters see it.
   * If the response had already reached the filter, or a first local reply is being encoded,
   * the reply replaces the response without callbacks (Envoy's direct local reply).
   */
  sendPendingLocalReply(): void {
    const reply = this.state.pendingLocalReply;
    this.state.pendingLocalReply = undefined;
    if (!reply) return;
    const wire = localReplyWire(reply, this.grpcRequest);
    const sent: LocalResponse = {
      ...reply, status: Number(wire.headers[0][1]), requestedStatus: reply.status, body: wire.body, bodyText: fromBytes(wire.body),
      grpcStatus: wire.grpcStatus, grpc: this.grpcRequest,
    };
    const { request, response } = this.state;
    if (this.localResponse || response.headers !== undefined) {
      this.localResponse = sent;
      this.replaceResponse(wire.headers, wire.body);
      return;
    }
    this.localResponse = sent;
    request.stoppedAt = "local-reply";
    request.headersLive = request.trailersLive = false;
    request.queue = undefined;

    this.headers(response, wire.headers, wire.body.length === 0);
    // A second local reply during on_response_headers replaced this one: nothing more of it.
    if (this.localResponse !== sent || !wire.body.length || this.plugin.vm.failed) return;
    response.ended = true;
    if (response.stoppedAt === "headers") {
      response.queue ??= { chunks: [], eos: true };
      response.queue.chunks.push(wire.body);
      response.queue.eos = true;
    } else this.deliverBody(response, wire.body, true);
  }

  /** Envoy's direct local reply: the response becomes `headers` + `body`, no filter callbacks. */
  replaceResponse(headers: Pairs, body: Uint8Array): void {
    const { request, response } = this.state;
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
