// One TCP connection through a network Wasm filter (envoy.filters.network.wasm). Envoy calls,
// in order: onNewConnection, then onDownstreamData / onUpstreamData per chunk as bytes flow,
// onUpstreamConnectionClose when the upstream sends end of stream, onDownstreamConnectionClose
// when the connection closes, then onDone, onLog and onDelete (TCP follows the spec order).
import { BufferType, NetworkAction, PeerType, StreamType, WasmResult } from "./abi/enums";
import { Context, RootContext, setEffectiveContext } from "./contexts";
import { Buffer } from "./hostcalls/buffers";
import { closeStream, continueStream } from "./hostcalls/stream";

/** Bytes from the client, readable and writable in onDownstreamData. */
export const downstreamData = new Buffer(BufferType.DownstreamData);
/** Bytes from the upstream server, readable and writable in onUpstreamData. */
export const upstreamData = new Buffer(BufferType.UpstreamData);

/** One TCP connection. Override the callbacks you need; every default continues. */
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
