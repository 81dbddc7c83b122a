// Outstanding callouts (HTTP calls, gRPC calls and gRPC streams) by token. Shared by every
// callout API: Envoy issues each callout from the caller's ROOT context and delivers its
// callbacks there (proxy_on_http_call_response / proxy_on_grpc_*(root_id, token, …), docs/abi.md
// §6), so the SDK has to remember which context started each token and make that context
// effective again while the callbacks run. HTTP calls and gRPC both register here; a callout
// kind subclasses Callout to carry its own handler. The dispatcher routes each callback to the
// callout with its token and calls the hook below for that callback; a kind overrides the hooks
// of the callbacks it gets (the defaults ignore the callback).
import { Context, setEffectiveContext } from "./context";
import { WasmResult } from "./abi/enums";

/** One outstanding callout: its host token and the context that started it. */
export class Callout {
  constructor(public readonly token: u32, public readonly origin: Context) {}

  /**
   * Makes the origin context the one stream operations act on, for the rest of the running
   * callback. Returns BadArgument when the origin stream has ended meanwhile (its stream
   * operations then fail or do nothing).
   */
  enter(): WasmResult {
    return setEffectiveContext(this.origin.id);
  }

  /** True for an HTTP call: proxy_on_http_call_response is routed to it. */
  get isHttpCall(): bool { return false; }

  /**
   * proxy_on_http_call_response for this call (the dispatcher has checked that the origin still
   * exists): read the response while the root is current, then enter the origin and handle it.
   */
  httpCallResponse(headerCount: u32, bodySize: u32, trailerCount: u32): void {}

  /** proxy_on_grpc_receive_initial_metadata for this callout (root context current). */
  grpcInitialMetadata(count: u32): void {}

  /** proxy_on_grpc_receive for this callout: a unary reply or one stream message. */
  grpcReceive(size: u32): void {}

  /** proxy_on_grpc_receive_trailing_metadata for this callout. */
  grpcTrailingMetadata(count: u32): void {}

  /** proxy_on_grpc_close for this callout (already forgotten): its last callback. */
  grpcClose(code: u32): void {}
}

// @ts-ignore: decorator
@lazy const outstanding = new Map<u32, Callout>();

/** Remembers a callout the host accepted, until forgetCallout. */
export function trackCallout(callout: Callout): void {
  outstanding.set(callout.token, callout);
}

/** The outstanding callout with `token`, or null (finished, cancelled or never issued). */
export function findCallout(token: u32): Callout | null {
  return outstanding.has(token) ? outstanding.get(token) : null;
}

/** Forgets `token`: after its last callback, or when it was cancelled. */
export function forgetCallout(token: u32): void {
  if (outstanding.has(token)) outstanding.delete(token);
}

/** Callouts still waiting for their callbacks (diagnostics and tests). */
export function outstandingCallouts(): i32 {
  return outstanding.size;
}
