// The spec's numbers, guest side. This is the only place the SDK spells them out;
// src/emulator/abi/enums.ts is the host side, and test/abi-enums.test.ts checks they agree.

/** Status returned by every `proxy_*` host function. */
export enum WasmResult {
  Ok = 0,
  NotFound = 1,
  BadArgument = 2,
  SerializationFailure = 3,
  ParseFailure = 4,
  BadExpression = 5,
  InvalidMemoryAccess = 6,
  Empty = 7,
  CasMismatch = 8,
  ResultMismatch = 9,
  InternalFailure = 10,
  BrokenConnection = 11,
  Unimplemented = 12,
}

/** Log levels of `proxy_log`. `proxy_get_log_level` may also report 6 (off). */
export enum LogLevel {
  Trace = 0,
  Debug = 1,
  Info = 2,
  Warn = 3,
  Error = 4,
  Critical = 5,
}

/** Streams for `proxy_continue_stream` / `proxy_close_stream`. */
export enum StreamType {
  Request = 0,
  Response = 1,
  Downstream = 2,
  Upstream = 3,
}

/** Buffers for `proxy_get_buffer_bytes` / `proxy_set_buffer_bytes`. */
export enum BufferType {
  HttpRequestBody = 0,
  HttpResponseBody = 1,
  DownstreamData = 2,
  UpstreamData = 3,
  HttpCallResponseBody = 4,
  GrpcReceiveBuffer = 5,
  VmConfiguration = 6,
  PluginConfiguration = 7,
  CallData = 8,
}

/** Header maps for the `proxy_*_header_map_*` host functions. */
export enum MapType {
  HttpRequestHeaders = 0,
  HttpRequestTrailers = 1,
  HttpResponseHeaders = 2,
  HttpResponseTrailers = 3,
  GrpcReceiveInitialMetadata = 4,
  GrpcReceiveTrailingMetadata = 5,
  HttpCallResponseHeaders = 6,
  HttpCallResponseTrailers = 7,
}

/** Metric kinds for `proxy_define_metric`. */
export enum MetricType {
  Counter = 0,
  Gauge = 1,
  Histogram = 2,
}

/** What a TCP (network filter) callback returns: anything but Continue stops iteration. */
export enum NetworkAction {
  Continue = 0,
  StopIteration = 1,
}

/** Who closed a connection (TCP callbacks). */
export enum PeerType {
  Unknown = 0,
  Local = 1,
  Remote = 2,
}

/**
 * What a headers callback returns. Envoy maps StopIteration (the spec's "Pause") to
 * StopAllIterationAndWatermark unless `allow_on_headers_stop_iteration` is set.
 */
export enum HeadersAction {
  Continue = 0,
  StopIteration = 1,
  ContinueAndEndStream = 2,
  StopAllIterationAndBuffer = 3,
  StopAllIterationAndWatermark = 4,
}

/** What a body callback returns. StopIterationAndBuffer (the spec's "Pause") buffers the body. */
export enum DataAction {
  Continue = 0,
  StopIterationAndBuffer = 1,
  StopIterationAndWatermark = 2,
  StopIterationNoBuffer = 3,
}

/** What a trailers callback returns: anything but Continue stops iteration. */
export enum TrailersAction {
  Continue = 0,
  StopIteration = 1,
}

/** gRPC status codes; InvalidCode (-1) means "send no grpc-status". */
export enum GrpcStatus {
  InvalidCode = -1,
  Ok = 0,
  Cancelled = 1,
  Unknown = 2,
  InvalidArgument = 3,
  DeadlineExceeded = 4,
  NotFound = 5,
  AlreadyExists = 6,
  PermissionDenied = 7,
  ResourceExhausted = 8,
  FailedPrecondition = 9,
  Aborted = 10,
  OutOfRange = 11,
  Unimplemented = 12,
  Internal = 13,
  Unavailable = 14,
  DataLoss = 15,
  Unauthenticated = 16,
}
