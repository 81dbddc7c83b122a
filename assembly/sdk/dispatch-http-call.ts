// dispatchHttpCall: an HTTP call whose origin is the context whose callback is running. Kept
// apart from http-call.ts because it looks the running context up in the dispatcher, which
// imports the context classes, which import http-call.ts for their own dispatchHttpCall.
import { Context } from "./context";
import { runningContext } from "./dispatcher";
import { HeaderPair } from "./hostcalls/pairs";
import { HttpCall, HttpCallCallback, dispatchHttpCallFrom } from "./http-call";

/**
 * dispatchHttpCallFrom with the context whose callback is running as the origin (a placeholder
 * Context(0) in top-level code).
 */
export function dispatchHttpCall(
  cluster: string, headers: Array<HeaderPair>, body: ArrayBuffer, trailers: Array<HeaderPair>,
  timeoutMs: u32, callback: HttpCallCallback,
): HttpCall {
  const origin = runningContext();
  return dispatchHttpCallFrom(origin === null ? new Context(0) : origin, cluster, headers, body, trailers, timeoutMs, callback);
}
