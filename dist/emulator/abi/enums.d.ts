/**
 * The Proxy-Wasm ABI v0.2.1 numbers as the host (Envoy) sees them.
 *
 * This is the single place for the host side's spec numbers. A test compares these enums with
 * the guest SDK's `assembly/sdk/abi/enums.ts`, so names and values must stay in lock-step.
 * Where Envoy and the spec disagree, the values follow Envoy (see docs: proxy-wasm-abi §3).
 */
/** Status returned by every `proxy_*` host function. */
export declare enum WasmResult {
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
    Unimplemented = 12
}
/** Return value of `proxy_on_{request,response}_headers`, as Envoy interprets it. */
export declare enum HeadersAction {
    Continue = 0,
    /** Envoy turns this into StopAllIterationAndWatermark unless `allow_on_headers_stop_iteration`. */
    StopIteration = 1,
    /** Treated as Continue by Envoy. */
    ContinueAndEndStream = 2,
    StopAllIterationAndBuffer = 3,
    StopAllIterationAndWatermark = 4
}
/** Return value of `proxy_on_{request,response}_body`, as Envoy interprets it. */
export declare enum DataAction {
    Continue = 0,
    /** The spec's Pause: Envoy buffers the body and presents the accumulated data next time. */
    StopIterationAndBuffer = 1,
    StopIterationAndWatermark = 2,
    StopIterationNoBuffer = 3
}
/** Return value of `proxy_on_{request,response}_trailers`: 0 continues, anything else stops. */
export declare enum TrailersAction {
    Continue = 0,
    StopIteration = 1
}
/** Log levels of `proxy_log` / `proxy_get_log_level`. Envoy may also report 6 ("off"). */
export declare enum LogLevel {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
    Critical = 5
}
/** Stream selector of `proxy_continue_stream` / `proxy_close_stream`. */
export declare enum StreamType {
    Request = 0,
    Response = 1,
    Downstream = 2,
    Upstream = 3
}
/** Buffer selector of `proxy_{get,set}_buffer_bytes` / `proxy_get_buffer_status`. */
export declare enum BufferType {
    HttpRequestBody = 0,
    HttpResponseBody = 1,
    DownstreamData = 2,
    UpstreamData = 3,
    HttpCallResponseBody = 4,
    GrpcReceiveBuffer = 5,
    VmConfiguration = 6,
    PluginConfiguration = 7,
    CallData = 8
}
/** Map selector of the `proxy_*_header_map_*` host functions. */
export declare enum MapType {
    HttpRequestHeaders = 0,
    HttpRequestTrailers = 1,
    HttpResponseHeaders = 2,
    HttpResponseTrailers = 3,
    GrpcReceiveInitialMetadata = 4,
    GrpcReceiveTrailingMetadata = 5,
    HttpCallResponseHeaders = 6,
    HttpCallResponseTrailers = 7
}
/** Metric kinds of `proxy_define_metric`. */
export declare enum MetricType {
    Counter = 0,
    Gauge = 1,
    Histogram = 2
}
/** Network filter status of the TCP callbacks: 0 Continue; any non-zero value is StopIteration. */
export declare enum NetworkAction {
    Continue = 0,
    StopIteration = 1
}
/** Which side closed a TCP connection (`proxy_on_*_connection_close`). */
export declare enum PeerType {
    Unknown = 0,
    Local = 1,
    Remote = 2
}
/** Standard gRPC status codes; InvalidCode (−1) means "no grpc-status". */
export declare enum GrpcStatus {
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
    Unauthenticated = 16
}
/** Envoy `PluginConfig.failure_policy` (numbers by declaration order). */
export declare enum FailurePolicy {
    Unspecified = 0,
    FailReload = 1,
    FailClosed = 2,
    FailIgnore = 3
}
