/**
 * The host's side of a TCP connection through a network Wasm filter: the data buffers the
 * guest can reach in each callback, the connection's attributes and filter state, and
 * connection control. The test-facing driver is {@link TcpStream} (tcp-stream.ts).
 */
import { BufferType, StreamType, WasmResult } from "./abi/enums.ts";
import { int64, type PropertyValue, uint64 } from "./abi/pairs.ts";
import { AttributeNode, pluginAttributes } from "./attributes.ts";
import { type BufferRef, HostContext } from "./context.ts";
import type { StreamCall } from "./http-context.ts";
import type { Plugin } from "./plugin.ts";

/** Everything the host tracks for one connection. */
export class TcpState {
  /** Data presented to the running on_downstream_data (undefined outside it). */
  downstreamCurrent: Uint8Array | undefined;
  /** Data presented to the running on_upstream_data (undefined outside it). */
  upstreamCurrent: Uint8Array | undefined;
  /** Client bytes the filter stopped on (Envoy keeps them in the read buffer). */
  downstreamHeld: Uint8Array = new Uint8Array(0);
  /** Upstream bytes the filter stopped on. */
  upstreamHeld: Uint8Array = new Uint8Array(0);
  /** on_new_connection returned StopIteration and the filter has not resumed yet. */
  stoppedAtConnect = false;
  /** The filter closed the connection (proxy_close_stream Downstream/Upstream). */
  closing = false;
  readonly filterState = new Map<string, Uint8Array>();
  readonly continued: StreamCall[] = [];
  readonly closed: StreamCall[] = [];
}

/** Hooks the context needs from the connection driver. */
export interface TcpDriver {
  /** proxy_continue_stream(Downstream), run after the callback returns. */
  resumeDownstream(): void;
  /** The filter closed the connection: run the close callbacks after the callback returns. */
  closeByFilter(): void;
  readonly properties: Record<string, PropertyValue> | undefined;
  /** The upstream host, `ip:port`. */
  readonly upstreamAddress: string;
  readonly connectionId: number;
}

/** The host side of a TCP connection context: what host functions see while its callbacks run (SDK: TcpContext). */
export class HostTcpContext extends HostContext {
  readonly kind = "tcp" as const;

  constructor(
    readonly plugin: Plugin,
    id: number,
    readonly state: TcpState,
    private readonly driver: TcpDriver,
  ) {
    super(plugin.vm, id);
  }

  override get pluginName(): string {
    return this.plugin.name;
  }

  override get rootContextId(): number {
    return this.plugin.contextId;
  }

  /** Envoy exposes each direction's data only inside its own data callback. */
  override getBuffer(type: BufferType): BufferRef | undefined {
    const s = this.state;
    if (type === BufferType.DownstreamData && s.downstreamCurrent !== undefined) {
      return { get: () => s.downstreamCurrent!, set: (b) => (s.downstreamCurrent = b) };
    }
    if (type === BufferType.UpstreamData && s.upstreamCurrent !== undefined) {
      return { get: () => s.upstreamCurrent!, set: (b) => (s.upstreamCurrent = b) };
    }
    return super.getBuffer(type);
  }

  override attributes(): AttributeNode {
    const upstream = this.driver.upstreamAddress;
    return new AttributeNode({
      ...pluginAttributes(this.plugin).children,
      source: new AttributeNode({ address: "127.0.0.1:54321", port: int64(54321) }),
      destination: new AttributeNode({ address: "127.0.0.1:10001", port: int64(10001) }),
      upstream: new AttributeNode({ address: upstream, port: int64(Number(upstream.slice(upstream.lastIndexOf(":") + 1))) }),
      connection: new AttributeNode({ id: uint64(this.driver.connectionId), mtls: false }),
    })
      .apply(this.vm.host.properties)
      .apply(this.driver.properties);
  }

  /** Vocabulary first, then filter state written with proxy_set_property. */
  override getProperty(segments: string[]): Uint8Array | WasmResult {
    const result = super.getProperty(segments);
    if (result !== WasmResult.NotFound) return result;
    return this.state.filterState.get(segments.join("\0")) ?? WasmResult.NotFound;
  }

  override setProperty(path: string, value: Uint8Array): WasmResult {
    this.state.filterState.set(path.endsWith("\0") ? path.slice(0, -1) : path, value);
    return WasmResult.Ok;
  }

  /** Downstream resumes reading; Upstream is Unimplemented in Envoy; HTTP types do nothing here. */
  override continueStream(type: number): WasmResult {
    if (type > StreamType.Upstream) return WasmResult.BadArgument;
    this.state.continued.push({ streamType: type, callback: this.vm.currentCallback });
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    if (type === StreamType.Downstream) this.vm.defer(() => this.driver.resumeDownstream());
    return WasmResult.Ok;
  }

  /**
   * Downstream and Upstream both close the (downstream) connection with FlushWrite: a network
   * filter only holds that connection. The connection stops forwarding at once; the close
   * callbacks run after the current callback returns.
   */
  override closeStream(type: number): WasmResult {
    if (type > StreamType.Upstream) return WasmResult.BadArgument;
    this.state.closed.push({ streamType: type, callback: this.vm.currentCallback });
    if ((type === StreamType.Downstream || type === StreamType.Upstream) && !this.state.closing) {
      this.state.closing = true;
      this.vm.defer(() => this.driver.closeByFilter());
    }
    return WasmResult.Ok;
  }
}
