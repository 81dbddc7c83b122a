// proxy-runtime's RootContext.httpCall on the SDK's dispatchHttpCallFrom (assembly/sdk/http-call.ts).
// AssemblyScript closures cannot capture, so the solo origin and callback ride along in an
// SDK Context with the origin's id: the SDK makes that id effective before the callback.
import { WasmResult } from "../../sdk/abi/enums";
import { Context as SdkContext } from "../../sdk/context";
import { HttpCallResponse } from "../../sdk/hostcalls/http-call";
import { dispatchHttpCallFrom } from "../../sdk/http-call";
import { BaseContext, Context } from "./contexts";
import { Headers, setCallbackResponse, toSdkPairs } from "./headers";

/** proxy-runtime's callback: `headers` is the response's header count, 0 when the call failed. */
export type HttpCallback = (origin_context: Context, headers: u32, body_size: usize, trailers: u32) => void;

/** @internal the solo origin and callback of one call. */
class SoloCallOrigin extends SdkContext {
  constructor(id: u32, public readonly solo: BaseContext, public readonly cb: HttpCallback) { super(id); }
}

function deliver(origin: SdkContext, response: HttpCallResponse): void {
  const o = changetype<SoloCallOrigin>(origin);
  // proxy-runtime hands the origin over as a Context (a root origin is passed through as is).
  const solo = changetype<Context>(o.solo);
  if (response.failed) {
    setCallbackResponse(null, null, null);
    o.cb(solo, 0, 0, 0);
    return;
  }
  setCallbackResponse(response.headers, response.body, response.trailers);
  o.cb(solo, <u32>response.headers.length, <usize>response.body.byteLength, <u32>response.trailers.length);
  setCallbackResponse(null, null, null);
}

/** @internal Issues the call; the host's WasmResult (BadArgument for missing pseudo-headers). */
export function soloHttpCall(origin: BaseContext, cluster: string, headers: Headers, body: ArrayBuffer, trailers: Headers, timeout_milliseconds: u32, cb: HttpCallback): WasmResult {
  const carrier = new SoloCallOrigin(origin.context_id, origin, cb);
  return dispatchHttpCallFrom(carrier, cluster, toSdkPairs(headers), body, toSdkPairs(trailers), timeout_milliseconds, deliver).result;
}
