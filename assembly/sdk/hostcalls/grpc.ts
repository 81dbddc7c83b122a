// Raw gRPC host calls with the exact 0.2.1 signatures (12-parameter proxy_grpc_call,
// 9-parameter proxy_grpc_stream) and proxy_get_status. The callback-based API built on them is
// ../grpc.ts; use that. Tokens: calls ≡1 mod 4, streams ≡2 mod 4 (host-assigned).
import {
  proxy_get_status, proxy_grpc_call, proxy_grpc_cancel, proxy_grpc_close, proxy_grpc_send, proxy_grpc_stream,
} from "../abi/imports";
import { GrpcStatus, WasmResult } from "../abi/enums";
import { OUT_LEN, OUT_PTR, OUT_U64, decodeString, takeOutBuffer } from "../abi/memory";
import { HeaderPair, encodePairs } from "./pairs";

/** A token the host wrote (0 on any error), with the call's result. */
export class GrpcToken {
  constructor(public readonly result: WasmResult, public readonly token: u32) {}
}

/**
 * proxy_grpc_call: `service` is an Envoy cluster name (or a serialized GrpcService proto).
 * Errors: unknown cluster (ParseFailure in docs/abi.md; see docs/sdk.md for what Envoy 1.40
 * answers), BadArgument for a client error, InternalFailure if the send failed.
 */
export function grpcCallRaw(service: string, serviceName: string, method: string, metadata: Array<HeaderPair>, message: ArrayBuffer, timeoutMs: u32): GrpcToken {
  // Managed buffers held in locals stay alive while the host runs (scratch would be too small
  // for three strings plus metadata in general).
  const s = String.UTF8.encode(service);
  const n = String.UTF8.encode(serviceName);
  const m = String.UTF8.encode(method);
  const md = encodePairs(metadata);
  store<u32>(OUT_PTR, 0);
  const result = <WasmResult>proxy_grpc_call(
    changetype<usize>(s), <usize>s.byteLength, changetype<usize>(n), <usize>n.byteLength,
    changetype<usize>(m), <usize>m.byteLength, changetype<usize>(md), <usize>md.byteLength,
    changetype<usize>(message), <usize>message.byteLength, timeoutMs, OUT_PTR);
  return new GrpcToken(result, result == WasmResult.Ok ? load<u32>(OUT_PTR) : 0);
}

/** proxy_grpc_stream: opens a bidirectional stream; same errors as grpcCallRaw. */
export function grpcStreamRaw(service: string, serviceName: string, method: string, metadata: Array<HeaderPair>): GrpcToken {
  const s = String.UTF8.encode(service);
  const n = String.UTF8.encode(serviceName);
  const m = String.UTF8.encode(method);
  const md = encodePairs(metadata);
  store<u32>(OUT_PTR, 0);
  const result = <WasmResult>proxy_grpc_stream(
    changetype<usize>(s), <usize>s.byteLength, changetype<usize>(n), <usize>n.byteLength,
    changetype<usize>(m), <usize>m.byteLength, changetype<usize>(md), <usize>md.byteLength, OUT_PTR);
  return new GrpcToken(result, result == WasmResult.Ok ? load<u32>(OUT_PTR) : 0);
}

/** proxy_grpc_send: BadArgument for a non-stream token, NotFound for an unknown one. */
export function grpcSend(token: u32, message: ArrayBuffer, endStream: bool): WasmResult {
  return <WasmResult>proxy_grpc_send(token, changetype<usize>(message), <usize>message.byteLength, endStream ? 1 : 0);
}

/** proxy_grpc_cancel: drops the call/stream; no further callbacks. NotFound if unknown. */
export function grpcCancel(token: u32): WasmResult {
  return <WasmResult>proxy_grpc_cancel(token);
}

/** proxy_grpc_close: cancels a call, half-closes a stream. NotFound if unknown. */
export function grpcClose(token: u32): WasmResult {
  return <WasmResult>proxy_grpc_close(token);
}

/** A gRPC status with its message, as proxy_get_status reports it. */
export class Status {
  constructor(public readonly code: GrpcStatus, public readonly message: string) {}
}

/**
 * The root context's last status (proxy_get_status): set by a gRPC close, or 11 "reset" after
 * a failed HTTP call. Meaningful inside proxy_on_grpc_close / a failed callout's callback;
 * Unknown with an empty message if the host does not answer.
 */
export function getStatus(): Status {
  store<u32>(OUT_PTR, 0);
  store<u32>(OUT_LEN, 0);
  if (proxy_get_status(OUT_U64, OUT_PTR, OUT_LEN) != WasmResult.Ok) return new Status(GrpcStatus.Unknown, "");
  const code = <GrpcStatus>load<i32>(OUT_U64);
  return new Status(code, decodeString(takeOutBuffer()));
}
