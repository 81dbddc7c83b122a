/**
 * The response Envoy builds for `proxy_send_local_response` (`Http::Utility::sendLocalReply`),
 * as checked against Envoy 1.40 (test/scenarios/sdk-compat.ts):
 *
 * - a plain request gets the filter's status, its headers, and the body with `content-type:
 *   text/plain` and `content-length` when there is one; the gRPC status argument is dropped;
 * - a gRPC request (content-type `application/grpc` or `application/grpc+…`) gets `:status 200`,
 *   `content-type: application/grpc`, `grpc-status` (the filter's, else mapped from the HTTP
 *   status) and, for a non-empty body, `grpc-message` (the body, percent-encoded), and no body.
 */
import type { Pairs } from "./abi/pairs.ts";
import type { LocalReplyRequest } from "./context.ts";
import { getHeader } from "./header-map.ts";

/**
 * A local reply sent by the filter with proxy_send_local_response (or the 503 after a trap), as
 * Envoy sends it: to a gRPC request that is `:status` 200 with no body (see local-reply.ts).
 */
export interface LocalResponse {
  /** The `:status` sent (200 for a gRPC request). */
  status: number;
  /** The status the filter asked for. */
  requestedStatus: number;
  /** The body sent (empty for a gRPC request: the filter's body went into grpc-message). */
  body: Uint8Array;
  bodyText: string;
  /** The headers the filter passed (keys lower-cased). */
  headers: Pairs;
  /** Response code details; whitespace replaced by `_`. */
  details: string;
  /** The grpc-status sent (0–16), or undefined for none (always none for a plain request). */
  grpcStatus: number | undefined;
  /** The request was gRPC, so the reply was built by gRPC rules. */
  grpc: boolean;
}

/** Envoy's `Grpc::Common::isGrpcRequestHeaders`: a :path and a gRPC content-type. */
export function isGrpcRequest(headers: Pairs): boolean {
  if (getHeader(headers, ":path") === undefined) return false;
  const type = getHeader(headers, "content-type") ?? "";
  return type === "application/grpc" || type.startsWith("application/grpc+");
}

/** Envoy's `Grpc::Utility::httpToGrpcStatus`. */
export function httpToGrpcStatus(status: number): number {
  switch (status) {
    case 400:
      return 13; // Internal
    case 401:
      return 16; // Unauthenticated
    case 403:
      return 7; // PermissionDenied
    case 404:
      return 12; // Unimplemented
    case 429:
    case 502:
    case 503:
    case 504:
      return 14; // Unavailable
    default:
      return 2; // Unknown
  }
}

/** grpc-message encoding: bytes outside printable ASCII, and `%`, become `%XX`. */
export function percentEncodeGrpcMessage(body: Uint8Array): string {
  let out = "";
  for (const b of body) out += b < 0x20 || b > 0x7e || b === 0x25 ? `%${b.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(b);
  return out;
}

/** What goes on the wire for a local reply: headers (`:status` first), body, effective gRPC status. */
export interface LocalReplyWire {
  headers: Pairs;
  body: Uint8Array;
  grpcStatus: number | undefined;
}

/** Builds the response Envoy sends for `reply` to a gRPC (`grpc`) or plain request. */
export function localReplyWire(reply: LocalReplyRequest, grpc: boolean): LocalReplyWire {
  if (grpc) {
    const grpcStatus = reply.grpcStatus ?? httpToGrpcStatus(reply.status);
    const headers: Pairs = [[":status", "200"], ["content-type", "application/grpc"], ["grpc-status", String(grpcStatus)]];
    if (reply.body.length) headers.push(["grpc-message", percentEncodeGrpcMessage(reply.body)]);
    for (const [k, v] of reply.headers) if (!getHeader(headers, k)) headers.push([k, v]);
    return { headers, body: new Uint8Array(0), grpcStatus };
  }
  const headers: Pairs = [[":status", String(reply.status)], ...reply.headers];
  if (reply.body.length) {
    if (!getHeader(headers, "content-length")) headers.push(["content-length", String(reply.body.length)]);
    if (!getHeader(headers, "content-type")) headers.push(["content-type", "text/plain"]);
  }
  return { headers, body: reply.body, grpcStatus: undefined };
}
