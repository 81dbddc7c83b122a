// Stream control for HTTP streams: resume, reset, local replies.
import { proxy_close_stream, proxy_continue_stream, proxy_send_local_response } from "../abi/imports";
import { GrpcStatus, StreamType, WasmResult } from "../abi/enums";
import { HeaderPair, encodePairs } from "./pairs";

/**
 * Resumes a stream paused by a callback's Stop… return. Call from a *later* callback (e.g. an
 * HTTP call response); Envoy applies it after that callback returns. Upstream gives Unimplemented.
 */
export function continueStream(stream: StreamType): WasmResult {
  return <WasmResult>proxy_continue_stream(<u32>stream);
}

/** Resets an HTTP stream (Request/Response) or closes a TCP connection (Downstream/Upstream). */
export function closeStream(stream: StreamType): WasmResult {
  return <WasmResult>proxy_close_stream(<u32>stream);
}

// @ts-ignore: decorator
@lazy const NO_HEADERS = new Array<HeaderPair>();

/**
 * Answers the current HTTP stream without going upstream. Envoy sends the reply after the
 * callback returns (that callback's return value is then ignored), passing it through the
 * response path of every filter. Callable on a stream until its response headers are sent;
 * from a root callback, set the effective context first (HttpContext.sendLocalResponse does).
 * `details` shows up in Envoy's access log (%RESPONSE_CODE_DETAILS%), whitespace as "_".
 */
export function sendLocalResponse(
  status: u32,
  body: ArrayBuffer,
  headers: Array<HeaderPair> = NO_HEADERS,
  details: string = "",
  grpcStatus: GrpcStatus = GrpcStatus.InvalidCode,
): WasmResult {
  const encoded = encodePairs(headers);
  const detailBytes = String.UTF8.encode(details);
  return <WasmResult>proxy_send_local_response(
    status,
    changetype<usize>(detailBytes), <usize>detailBytes.byteLength,
    changetype<usize>(body), <usize>body.byteLength,
    changetype<usize>(encoded), <usize>encoded.byteLength,
    <i32>grpcStatus,
  );
}
