// Root-context callbacks for HTTP callout responses, shared queues and foreign functions.
// Needed by any module that calls dispatchHttpCall or registers a shared queue; the build
// refuses a module that imports proxy_http_call/proxy_register_shared_queue without them.
import * as dispatch from "../dispatcher";
import { safePoint } from "../runtime/gc";

export function proxy_on_http_call_response(rootContextId: u32, token: u32, headerCount: u32, bodySize: u32, trailerCount: u32): void {
  dispatch.httpCallResponse(rootContextId, token, headerCount, bodySize, trailerCount);
  safePoint(false);
}
export function proxy_on_queue_ready(rootContextId: u32, token: u32): void {
  dispatch.queueReady(rootContextId, token);
  safePoint(false);
}
export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argsSize: u32): void {
  dispatch.foreignFunction(rootContextId, functionId, argsSize);
  safePoint(false);
}
