// proxy-runtime's free functions, on top of the SDK's host calls.
import { proxy_set_buffer_bytes } from "../../sdk/abi/imports";
import { BufferType, GrpcStatus, LogLevel, StreamType } from "../../sdk/abi/enums";
import { Buffer } from "../../sdk/hostcalls/buffers";
import { logAt } from "../../sdk/hostcalls/log";
import { PropertyPath } from "../../sdk/hostcalls/properties";
import { continueStream, sendLocalResponse } from "../../sdk/hostcalls/stream";
import { currentTimeNanos, setTickPeriod } from "../../sdk/hostcalls/time";
import { BufferTypeValues, GrpcStatusValues, LogLevelValues, WasmResultValues } from "./enums";
import { Headers, callbackBody, toSdkPairs } from "./headers";

/** Logs `message` at `level`. Callable from any callback. */
export function log(level: LogLevelValues, message: string): void {
  logAt(<LogLevel><i32>level, message);
}

/**
 * Answers the running stream locally (see the SDK's sendLocalResponse). Inside an HTTP-call
 * callback the calling stream is already effective.
 */
export function send_local_response(response_code: u32, response_code_details: string, body: ArrayBuffer, additional_headers: Headers, grpc_status: GrpcStatusValues): WasmResultValues {
  return <WasmResultValues><i32>sendLocalResponse(response_code, body, toSdkPairs(additional_headers), response_code_details, <GrpcStatus><i32>grpc_status);
}

/** Resumes the request of the running (or effective) stream. */
export function continue_request(): WasmResultValues {
  return <WasmResultValues><i32>continueStream(StreamType.Request);
}

/** Resumes the response of the running (or effective) stream. */
export function continue_response(): WasmResultValues {
  return <WasmResultValues><i32>continueStream(StreamType.Response);
}

/** A property by dotted path ("request.path") or NUL-separated segments; empty if absent. */
export function get_property(path: string): ArrayBuffer {
  const v = new PropertyPath(path.includes("\0") ? path.split("\0") : path.split(".")).get();
  return v === null ? new ArrayBuffer(0) : v;
}

/** Writes filter state under `path` (dotted or NUL-separated). */
export function set_property(path: string, data: ArrayBuffer): WasmResultValues {
  return <WasmResultValues><i32>new PropertyPath(path.includes("\0") ? path.split("\0") : path.split(".")).set(data);
}

/** Up to `length` bytes of a buffer from `start`; empty if unavailable. */
export function get_buffer_bytes(typ: BufferTypeValues, start: u32, length: u32): ArrayBuffer {
  if (typ == BufferTypeValues.HttpCallResponseBody && callbackBody !== null) {
    const body = changetype<ArrayBuffer>(callbackBody);
    const from = <i32>min(start, <u32>body.byteLength);
    return body.slice(from, <i32>min(<u32>body.byteLength, <u32>from + length));
  }
  const v = new Buffer(<BufferType><i32>typ).get(start, length);
  return v === null ? new ArrayBuffer(0) : v;
}

/** Envoy's buffer edit: start=0 replaces the first `length` bytes, start ≥ size appends. */
export function set_buffer_bytes(typ: BufferTypeValues, start: u32, length: u32, value: ArrayBuffer): WasmResultValues {
  return <WasmResultValues>proxy_set_buffer_bytes(<u32>typ, start, length, changetype<usize>(value), <usize>value.byteLength);
}

/** Sets the root context's tick period. */
export function set_tick_period_milliseconds(millisecond: u32): WasmResultValues {
  return <WasmResultValues><i32>setTickPeriod(millisecond);
}

/** Wall-clock time in ns. */
export function get_current_time_nanoseconds(): u64 {
  return currentTimeNanos();
}
