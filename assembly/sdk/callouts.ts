// Outstanding callouts (HTTP calls, gRPC calls and gRPC streams) by token. Shared by every
// callout API: Envoy issues each callout from the caller's ROOT context and delivers its
// callbacks there (proxy_on_http_call_response / proxy_on_grpc_*(root_id, token, …), docs/abi.md
// §6), so the SDK has to remember which context started each token and make that context
// effective again while the callbacks run. HTTP calls and gRPC both register here; a callout
// kind subclasses Callout to carry its own handler.
import { Context, currentContextId, setEffectiveContext } from "./contexts";
import { contextById } from "./dispatcher";
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
}

// @ts-ignore: decorator
@lazy const outstanding = new Map<u32, Callout>();

/** The context whose callback is running (null only in top-level code). */
export function runningContext(): Context | null {
  return contextById(currentContextId);
}

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
