// HTTP callouts at the ABI level: issuing proxy_http_call and reading a response inside
// proxy_on_http_call_response. The token bookkeeping and callbacks live in ../http-call.ts.
import { proxy_http_call } from "../abi/imports";
import { BufferType, MapType, WasmResult } from "../abi/enums";
import { OUT_PTR, decodeString, scratchLen, scratchReset, scratchString } from "../abi/memory";
import { Buffer } from "./buffers";
import { getStatus } from "./grpc";
import { HeaderMap } from "./headers";
import { HeaderPair, encodePairs } from "./pairs";

/** The host's answer to proxy_http_call: Ok and a token, or the error (token 0). */
export class HttpCallStart {
  constructor(public readonly result: WasmResult, public readonly token: u32) {}
}

/** Issues proxy_http_call. No validation here: see dispatchHttpCall. */
export function httpCallRaw(cluster: string, headers: Array<HeaderPair>, body: ArrayBuffer, trailers: Array<HeaderPair>, timeoutMs: u32): HttpCallStart {
  const encodedHeaders = encodePairs(headers);
  const encodedTrailers = encodePairs(trailers);
  scratchReset();
  const c = scratchString(cluster);
  store<u32>(OUT_PTR, 0);
  const result = <WasmResult>proxy_http_call(
    c, scratchLen,
    changetype<usize>(encodedHeaders), <usize>encodedHeaders.byteLength,
    changetype<usize>(body), <usize>body.byteLength,
    changetype<usize>(encodedTrailers), <usize>encodedTrailers.byteLength,
    timeoutMs, OUT_PTR,
  );
  return new HttpCallStart(result, result == WasmResult.Ok ? load<u32>(OUT_PTR) : 0);
}

/**
 * The response to an HTTP callout, read in full when it arrived (so it stays usable after the
 * callback). Three outcomes:
 *  - a response: `failed` false, `status` from `:status` (an upstream's or Envoy's own);
 *  - the call's timeout: Envoy's router answers **504** with body "upstream request timeout"
 *    (an ordinary response, not a failure);
 *  - a failure: `failed` true, `status` 0, `failure` the host's message ("reset"). Envoy
 *    reports this when the stream is reset after the response started (or it exceeds the
 *    buffer limit); a connection failure *before* response headers arrives as Envoy's 503.
 */
export class HttpCallResponse {
  constructor(
    /** `:status` as a number; 0 when failed. */
    public readonly status: u32,
    /** Response headers including `:status`; empty when failed. */
    public readonly headers: Array<HeaderPair>,
    /** The response body; empty when failed. */
    public readonly body: ArrayBuffer,
    /** Response trailers (usually empty). */
    public readonly trailers: Array<HeaderPair>,
    /** True when no response arrived (the call was reset). */
    public readonly failed: bool,
    /** The host's status message when failed (Envoy: "reset"); "" otherwise. */
    public readonly failure: string,
  ) {}

  /** The first value of header `name` (lower-case), or null. */
  header(name: string): string | null {
    for (let i = 0; i < this.headers.length; i++) {
      const p = unchecked(this.headers[i]);
      if (p.name == name) return p.value;
    }
    return null;
  }

  /** The body as UTF-8 text. */
  bodyString(): string { return decodeString(this.body); }
}

// @ts-ignore: decorator
@lazy const CALL_HEADERS = new HeaderMap(MapType.HttpCallResponseHeaders);
// @ts-ignore: decorator
@lazy const CALL_TRAILERS = new HeaderMap(MapType.HttpCallResponseTrailers);
// @ts-ignore: decorator
@lazy const CALL_BODY = new Buffer(BufferType.HttpCallResponseBody);
// @ts-ignore: decorator
@lazy const NO_PAIRS = new Array<HeaderPair>();
// @ts-ignore: decorator
@lazy const NO_BODY = new ArrayBuffer(0);

/**
 * Reads the response of the running proxy_on_http_call_response. Must run while the ROOT
 * context that received it is current: Envoy serves the response maps and body from that
 * context only (not from a stream made effective).
 */
export function readHttpCallResponse(headerCount: u32, bodySize: u32, trailerCount: u32): HttpCallResponse {
  if (headerCount == 0) {
    const status = getStatus();
    return new HttpCallResponse(0, NO_PAIRS, NO_BODY, NO_PAIRS, true, status.message.length ? status.message : "failed");
  }
  const headers = CALL_HEADERS.pairs();
  let status: u32 = 0;
  for (let i = 0; i < headers.length; i++) {
    if (unchecked(headers[i]).name == ":status") { status = <u32>I32.parseInt(unchecked(headers[i]).value); break; }
  }
  let body = NO_BODY;
  if (bodySize > 0) {
    const got = CALL_BODY.get(0, bodySize);
    if (got !== null) body = got;
  }
  const trailers = trailerCount > 0 ? CALL_TRAILERS.pairs() : NO_PAIRS;
  return new HttpCallResponse(status, headers, body, trailers, false, "");
}
