// gRPC callouts: unary calls with a callback, and bidirectional streams driven by a handler
// object. Envoy sends every gRPC callback to the ROOT context that issued the call
// (proxy_on_grpc_*(root_id, token, …)); the SDK maps the token back to the call's handler and
// makes the originating context effective while it runs (see callouts.ts; the dispatcher routes
// each callback to the call or stream by token, and the hooks below handle it), so a stream context
// can pause in onRequestHeaders, call out, and resume or answer locally from the callback.
//
// Callback order (Envoy): a unary call gets exactly one of onGrpcReceive (success: the reply
// message) or onGrpcClose (failure: status + message). A stream gets initial metadata, then
// each message, then trailing metadata, then close with the final status.
import { BufferType, GrpcStatus, MapType, WasmResult } from "./abi/enums";
import { Callout, forgetCallout, trackCallout } from "./callouts";
import { Context } from "./context";
import { runningContext } from "./dispatcher";
import { Buffer } from "./hostcalls/buffers";
import { HeaderMap } from "./hostcalls/headers";
import { HeaderPair } from "./hostcalls/pairs";
import { getStatus, grpcCallRaw, grpcCancel, grpcClose, grpcSend, grpcStreamRaw } from "./hostcalls/grpc";

/** The outcome of a unary gRPC call, handed to its callback. */
export class GrpcResponse {
  constructor(
    /** Ok, or the failure status (Unavailable, DeadlineExceeded, the server's code, …). */
    public readonly status: GrpcStatus,
    /** The reply message (raw protobuf bytes as the server sent them); empty on failure. */
    public readonly message: ArrayBuffer,
    /** The failure's message (grpc-message); empty on success. */
    public readonly statusMessage: string,
  ) {}

  /** True if the call succeeded. */
  get ok(): bool { return this.status == GrpcStatus.Ok; }

  /** The reply message as UTF-8 text. */
  messageString(): string { return String.UTF8.decode(this.message); }
}

/** Called once when a unary call completes: `origin` is the context that made the call. */
export type GrpcCallback = (origin: Context, response: GrpcResponse) => void;

// @ts-ignore: decorator
@lazy const NO_MESSAGE = new ArrayBuffer(0);
// @ts-ignore: decorator
@lazy const NO_METADATA = new Array<HeaderPair>();

/** Reads a gRPC message on the root context (the host keeps it there), before switching. */
function readMessage(size: u32): ArrayBuffer {
  const bytes = size == 0 ? NO_MESSAGE : new Buffer(BufferType.GrpcReceiveBuffer).get(0, size);
  return bytes === null ? NO_MESSAGE : bytes;
}

/** A started unary call (or the host's refusal: `result` not Ok, `token` 0). */
export class GrpcCall extends Callout {
  constructor(token: u32, origin: Context, public readonly result: WasmResult, readonly callback: GrpcCallback) {
    super(token, origin);
  }

  /** True if the host accepted the call; its callback will run exactly once unless cancelled. */
  get ok(): bool { return this.result == WasmResult.Ok; }

  /** Cancels the call: its callback never runs. NotFound if it already completed. */
  cancel(): WasmResult {
    forgetCallout(this.token);
    return grpcCancel(this.token);
  }

  /** The reply arrived: read it on the root context, then run the callback (success). */
  grpcReceive(size: u32): void {
    const message = readMessage(size);
    this.enter();
    forgetCallout(this.token);
    this.callback(this.origin, new GrpcResponse(GrpcStatus.Ok, message, ""));
  }

  /** The call failed: run the callback with the status and its message. */
  grpcClose(code: u32): void {
    const message = getStatus().message;
    this.enter();
    this.callback(this.origin, new GrpcResponse(<GrpcStatus>code, NO_MESSAGE, message));
  }
}

/**
 * Calls `serviceName`/`method` on `service` (an Envoy cluster speaking HTTP/2, or a serialized
 * GrpcService) with `message` (serialized request bytes), `initialMetadata` added to the
 * request headers, and a deadline of `timeoutMs` (0 = none). Callable from any callback after
 * onConfigure (not from top-level code or onVmStart's canary-less start-up). `callback` runs
 * later on the root context with the originating context made effective. On failure returns a
 * GrpcCall whose `result` says why (the callback then never runs).
 */
export function grpcCall(
  service: string, serviceName: string, method: string, initialMetadata: Array<HeaderPair>,
  message: ArrayBuffer, timeoutMs: u32, callback: GrpcCallback,
): GrpcCall {
  const origin = runningContext();
  const started = grpcCallRaw(service, serviceName, method, initialMetadata, message, timeoutMs);
  const call = new GrpcCall(started.token, origin === null ? new Context(0) : origin, started.result, callback);
  if (call.ok) trackCallout(call);
  return call;
}

/**
 * Receives a stream's events. Subclass it, keep whatever state the stream needs in fields
 * (AssemblyScript closures cannot capture), and override what you need. Every method runs on
 * the root context with the stream's originating context made effective.
 */
export class GrpcStreamHandler {
  /** The server's initial metadata (response headers) arrived. */
  onInitialMetadata(stream: GrpcStream, metadata: Array<HeaderPair>): void {}
  /** One message from the server. */
  onMessage(stream: GrpcStream, message: ArrayBuffer): void {}
  /** The server's trailing metadata arrived (grpc-status etc. are not part of it). */
  onTrailingMetadata(stream: GrpcStream, metadata: Array<HeaderPair>): void {}
  /** The stream ended: `status` Ok or the error, with its message. Last callback. */
  onClose(stream: GrpcStream, status: GrpcStatus, message: string): void {}
}

/** An open bidirectional stream (or the host's refusal: `result` not Ok, `token` 0). */
export class GrpcStream extends Callout {
  constructor(token: u32, origin: Context, public readonly result: WasmResult, public readonly handler: GrpcStreamHandler) {
    super(token, origin);
  }

  /** True if the host opened the stream. */
  get ok(): bool { return this.result == WasmResult.Ok; }

  /** Sends one message; `endStream` half-closes after it. NotFound once the stream is gone. */
  send(message: ArrayBuffer, endStream: bool = false): WasmResult {
    return grpcSend(this.token, message, endStream);
  }

  /** Sends one UTF-8 text message (for services with a raw-bytes codec). */
  sendString(message: string, endStream: bool = false): WasmResult {
    return this.send(String.UTF8.encode(message), endStream);
  }

  /** Half-closes: no more messages from us; the server's replies and close still arrive. */
  close(): WasmResult {
    return grpcClose(this.token);
  }

  /** Resets the stream: no further callbacks. NotFound if it already ended. */
  cancel(): WasmResult {
    forgetCallout(this.token);
    return grpcCancel(this.token);
  }

  /** The server's initial metadata: read on the root context, then handed to the handler. */
  grpcInitialMetadata(count: u32): void {
    // Read on the root context: the metadata is not visible from the effective context.
    const metadata = count == 0 ? NO_METADATA : new HeaderMap(MapType.GrpcReceiveInitialMetadata).pairs();
    this.enter();
    this.handler.onInitialMetadata(this, metadata);
  }

  /** One message from the server, handed to the handler. */
  grpcReceive(size: u32): void {
    const message = readMessage(size);
    this.enter();
    this.handler.onMessage(this, message);
  }

  /** The server's trailing metadata, handed to the handler. */
  grpcTrailingMetadata(count: u32): void {
    const metadata = count == 0 ? NO_METADATA : new HeaderMap(MapType.GrpcReceiveTrailingMetadata).pairs();
    this.enter();
    this.handler.onTrailingMetadata(this, metadata);
  }

  /** The stream ended: the handler gets the status and its message. */
  grpcClose(code: u32): void {
    const message = getStatus().message;
    this.enter();
    this.handler.onClose(this, <GrpcStatus>code, message);
  }
}

/**
 * Opens a bidirectional stream to `serviceName`/`method` on `service` with `initialMetadata`.
 * Callable from any callback after onConfigure. Events go to `handler`. Returns the stream;
 * check `ok` (`result` says why it failed: e.g. an unknown cluster).
 */
export function grpcStream(service: string, serviceName: string, method: string, initialMetadata: Array<HeaderPair>, handler: GrpcStreamHandler): GrpcStream {
  const origin = runningContext();
  const opened = grpcStreamRaw(service, serviceName, method, initialMetadata);
  const stream = new GrpcStream(opened.token, origin === null ? new Context(0) : origin, opened.result, handler);
  if (stream.ok) trackCallout(stream);
  return stream;
}
