/**
 * A TCP connection driven the way Envoy drives a network Wasm filter placed before tcp_proxy
 * (docs/abi.md §5, item 4):
 *
 *   accept            on_context_create(id, root), on_new_connection(id)
 *   client bytes      on_downstream_data(id, size, eos)      → Continue forwards them upstream
 *   upstream bytes    on_upstream_data(id, size, eos)        → Continue forwards them to the client
 *   upstream eos      … then on_upstream_connection_close(id, Unknown)
 *   connection closes on_downstream_connection_close(id, Remote|Local), on_done, on_log, on_delete
 *
 * StopIteration keeps the bytes in Envoy's buffer: the next data callback of that direction sees
 * them again followed by the new bytes; proxy_continue_stream(Downstream) releases the client
 * bytes. A close by the filter (proxy_close_stream) stops forwarding at once and runs the close
 * callbacks (peer Local) after the callback returns.
 */
import { NetworkAction, PeerType } from "./abi/enums.ts";
import { fromBytes, type PropertyValue, toBytes } from "./abi/pairs.ts";
import { registerContext, unregisterContext } from "./context-registry.ts";
import { VmFailedError } from "./errors.ts";
import type { StreamCall } from "./http-context.ts";
import { concatBytes } from "./http-context.ts";
import type { LogEntry } from "./logs.ts";
import type { Plugin } from "./plugin.ts";
import { HostTcpContext, TcpState } from "./tcp-context.ts";

/** Options of {@link Plugin.newTcpStream}. */
export interface TcpStreamOptions {
  /** Attribute overrides for this connection by dotted path, e.g. `{"source.address": "10.0.0.1:5000"}`. */
  properties?: Record<string, PropertyValue>;
  /**
   * The upstream host tcp_proxy connects to, `ip:port` (property `upstream.address`, and
   * `upstream.port`); default "127.0.0.1:10002". Envoy serves it in the data callbacks.
   */
  upstreamAddress?: string;
}

/** The default upstream host of a TCP connection. */
export const DEFAULT_TCP_UPSTREAM = "127.0.0.1:10002";

/** Who closed the connection, once closed. */
export type TcpClosedBy = "filter" | "client" | "proxy";

let nextConnectionId = 1_000_000;

export class TcpStream {
  /** The connection's context id. */
  readonly contextId: number;
  /** What on_new_connection returned. */
  readonly newConnectionAction: NetworkAction;
  readonly #state = new TcpState();
  readonly #ctx: HostTcpContext;
  #upstreamReceived: Uint8Array = new Uint8Array(0);
  #downstreamReceived: Uint8Array = new Uint8Array(0);
  #closedBy: TcpClosedBy | undefined;

  /** @internal use {@link Plugin.newTcpStream}: accepts the connection. */
  constructor(
    /** The plugin (root context) this connection belongs to. */
    readonly plugin: Plugin,
    options: TcpStreamOptions,
  ) {
    const vm = plugin.vm;
    this.contextId = vm.nextContextId();
    this.#ctx = new HostTcpContext(plugin, this.contextId, this.#state, {
      resumeDownstream: () => this.#resume(),
      closeByFilter: () => this.#close("filter", PeerType.Local),
      properties: options.properties,
      upstreamAddress: options.upstreamAddress ?? DEFAULT_TCP_UPSTREAM,
      connectionId: nextConnectionId++,
    });
    this.#checkVm();
    registerContext(this.#ctx);
    vm.call("proxy_on_context_create", this.#ctx, [this.contextId, plugin.contextId]);
    const raw = vm.call("proxy_on_new_connection", this.#ctx, [this.contextId]) ?? 0;
    this.newConnectionAction = raw === 0 ? NetworkAction.Continue : NetworkAction.StopIteration;
    this.#state.stoppedAtConnect = this.newConnectionAction === NetworkAction.StopIteration;
    vm.drainDeferred();
  }

  /**
   * The client sends `data` (`endOfStream`: it half-closes): `on_downstream_data`. Returns the
   * filter's status. Bytes the filter continues on reach {@link upstreamReceived} as edited.
   */
  sendDownstreamData(data: string | Uint8Array, options: { endOfStream?: boolean } = {}): NetworkAction {
    this.#checkOpen();
    const s = this.#state;
    s.downstreamCurrent = concatBytes(s.downstreamHeld, toBytes(data));
    s.downstreamHeld = new Uint8Array(0);
    return this.#data("proxy_on_downstream_data", options.endOfStream ?? false, () => s.downstreamCurrent!, (held, forward) => {
      s.downstreamCurrent = undefined;
      if (forward && !s.stoppedAtConnect) this.#upstreamReceived = concatBytes(this.#upstreamReceived, held);
      else s.downstreamHeld = held;
    });
  }

  /**
   * The upstream sends `data`: `on_upstream_data`; with `endOfStream`, then
   * `on_upstream_connection_close(Unknown)` as Envoy reports an upstream end of stream.
   */
  sendUpstreamData(data: string | Uint8Array, options: { endOfStream?: boolean } = {}): NetworkAction {
    this.#checkOpen();
    const s = this.#state;
    const eos = options.endOfStream ?? false;
    s.upstreamCurrent = concatBytes(s.upstreamHeld, toBytes(data));
    s.upstreamHeld = new Uint8Array(0);
    const action = this.#data("proxy_on_upstream_data", eos, () => s.upstreamCurrent!, (held, forward) => {
      s.upstreamCurrent = undefined;
      if (forward) this.#downstreamReceived = concatBytes(this.#downstreamReceived, held);
      else s.upstreamHeld = held;
    });
    if (eos && !this.closed) {
      const vm = this.plugin.vm;
      vm.call("proxy_on_upstream_connection_close", this.#ctx, [this.contextId, PeerType.Unknown]);
      vm.drainDeferred();
    }
    return action;
  }

  /**
   * The connection closes from outside the filter: `client` (default; peer Remote) or `proxy`
   * (Envoy closed it, e.g. tcp_proxy after the upstream went away; peer Local). Runs
   * `on_downstream_connection_close`, `on_done`, `on_log`, `on_delete`. Idempotent.
   */
  close(by: "client" | "proxy" = "client"): void {
    this.#close(by, by === "client" ? PeerType.Remote : PeerType.Local);
  }

  // ----- what the host holds --------------------------------------------------------------------

  /** Bytes forwarded to the upstream so far (after the filter's edits). */
  get upstreamReceived(): Uint8Array {
    return this.#upstreamReceived;
  }
  /** {@link upstreamReceived} as UTF-8 text. */
  get upstreamReceivedText(): string {
    return fromBytes(this.#upstreamReceived);
  }
  /** Bytes forwarded to the client so far. */
  get downstreamReceived(): Uint8Array {
    return this.#downstreamReceived;
  }
  /** {@link downstreamReceived} as UTF-8 text. */
  get downstreamReceivedText(): string {
    return fromBytes(this.#downstreamReceived);
  }
  /** True once the close callbacks ran (or the filter started closing). */
  get closed(): boolean {
    return this.#closedBy !== undefined || this.#state.closing;
  }
  /** Who closed the connection, once closed. */
  get closedBy(): TcpClosedBy | undefined {
    return this.#closedBy;
  }
  /** proxy_close_stream calls the filter made, in order. */
  get closeCalls(): readonly StreamCall[] {
    return this.#state.closed;
  }
  /** proxy_continue_stream calls the filter made, in order. */
  get continued(): readonly StreamCall[] {
    return this.#state.continued;
  }
  /** Filter state written with proxy_set_property. */
  get filterState(): ReadonlyMap<string, Uint8Array> {
    return this.#state.filterState;
  }
  /** Log records of this connection's context. */
  get logs(): LogEntry[] {
    return this.plugin.logs.filter((e) => e.contextId === this.contextId);
  }

  // ----- internals ------------------------------------------------------------------------------

  #checkVm(): void {
    const vm = this.plugin.vm;
    if (vm.failure) throw new VmFailedError(vm.name, vm.failure);
  }

  #checkOpen(): void {
    this.#checkVm();
    if (this.closed) throw new Error(`connection ${this.contextId} is closed`);
  }

  #data(callback: string, eos: boolean, current: () => Uint8Array, settle: (data: Uint8Array, forward: boolean) => void): NetworkAction {
    const vm = this.plugin.vm;
    let raw: number;
    try {
      raw = vm.call(callback, this.#ctx, [this.contextId, current().length, eos ? 1 : 0]) ?? 0;
    } catch (e) {
      settle(current(), false);
      throw e;
    }
    const action = raw === 0 ? NetworkAction.Continue : NetworkAction.StopIteration;
    // A close by the filter stops the chain at once: nothing more is forwarded.
    settle(current(), action === NetworkAction.Continue && !this.#state.closing);
    vm.drainDeferred();
    return action;
  }

  #resume(): void {
    const s = this.#state;
    if (this.#closedBy) return;
    s.stoppedAtConnect = false;
    this.#upstreamReceived = concatBytes(this.#upstreamReceived, s.downstreamHeld);
    s.downstreamHeld = new Uint8Array(0);
  }

  #close(by: TcpClosedBy, peer: PeerType): void {
    if (this.#closedBy) return;
    this.#closedBy = by;
    this.#state.closing = true;
    const vm = this.plugin.vm;
    if (vm.failed) return;
    try {
      vm.call("proxy_on_downstream_connection_close", this.#ctx, [this.contextId, peer]);
      vm.call("proxy_on_done", this.#ctx, [this.contextId]);
      vm.call("proxy_on_log", this.#ctx, [this.contextId]);
      vm.call("proxy_on_delete", this.#ctx, [this.contextId]);
    } finally {
      unregisterContext(this.#ctx);
    }
    vm.drainDeferred();
  }
}
