/**
 * The Proxy-Wasm ABI v0.2.1 numbers as the host (Envoy) sees them.
 *
 * This is the single place for the host side's spec numbers. A test compares these enums with
 * the guest SDK's `assembly/sdk/abi/enums.ts`, so names and values must stay in lock-step.
 * Where Envoy and the spec disagree, the values follow Envoy (see docs: proxy-wasm-abi §3).
 */
/** Status returned by every `proxy_*` host function. */
export var WasmResult;
(function (WasmResult) {
    WasmResult[WasmResult["Ok"] = 0] = "Ok";
    WasmResult[WasmResult["NotFound"] = 1] = "NotFound";
    WasmResult[WasmResult["BadArgument"] = 2] = "BadArgument";
    WasmResult[WasmResult["SerializationFailure"] = 3] = "SerializationFailure";
    WasmResult[WasmResult["ParseFailure"] = 4] = "ParseFailure";
    WasmResult[WasmResult["BadExpression"] = 5] = "BadExpression";
    WasmResult[WasmResult["InvalidMemoryAccess"] = 6] = "InvalidMemoryAccess";
    WasmResult[WasmResult["Empty"] = 7] = "Empty";
    WasmResult[WasmResult["CasMismatch"] = 8] = "CasMismatch";
    WasmResult[WasmResult["ResultMismatch"] = 9] = "ResultMismatch";
    WasmResult[WasmResult["InternalFailure"] = 10] = "InternalFailure";
    WasmResult[WasmResult["BrokenConnection"] = 11] = "BrokenConnection";
    WasmResult[WasmResult["Unimplemented"] = 12] = "Unimplemented";
})(WasmResult || (WasmResult = {}));
/** Return value of `proxy_on_{request,response}_headers`, as Envoy interprets it. */
export var HeadersAction;
(function (HeadersAction) {
    HeadersAction[HeadersAction["Continue"] = 0] = "Continue";
    /** Envoy turns this into StopAllIterationAndWatermark unless `allow_on_headers_stop_iteration`. */
    HeadersAction[HeadersAction["StopIteration"] = 1] = "StopIteration";
    /** Treated as Continue by Envoy. */
    HeadersAction[HeadersAction["ContinueAndEndStream"] = 2] = "ContinueAndEndStream";
    HeadersAction[HeadersAction["StopAllIterationAndBuffer"] = 3] = "StopAllIterationAndBuffer";
    HeadersAction[HeadersAction["StopAllIterationAndWatermark"] = 4] = "StopAllIterationAndWatermark";
})(HeadersAction || (HeadersAction = {}));
/** Return value of `proxy_on_{request,response}_body`, as Envoy interprets it. */
export var DataAction;
(function (DataAction) {
    DataAction[DataAction["Continue"] = 0] = "Continue";
    /** The spec's Pause: Envoy buffers the body and presents the accumulated data next time. */
    DataAction[DataAction["StopIterationAndBuffer"] = 1] = "StopIterationAndBuffer";
    DataAction[DataAction["StopIterationAndWatermark"] = 2] = "StopIterationAndWatermark";
    DataAction[DataAction["StopIterationNoBuffer"] = 3] = "StopIterationNoBuffer";
})(DataAction || (DataAction = {}));
/** Return value of `proxy_on_{request,response}_trailers`: 0 continues, anything else stops. */
export var TrailersAction;
(function (TrailersAction) {
    TrailersAction[TrailersAction["Continue"] = 0] = "Continue";
    TrailersAction[TrailersAction["StopIteration"] = 1] = "StopIteration";
})(TrailersAction || (TrailersAction = {}));
/** Log levels of `proxy_log` / `proxy_get_log_level`. Envoy may also report 6 ("off"). */
export var LogLevel;
(function (LogLevel) {
    LogLevel[LogLevel["Trace"] = 0] = "Trace";
    LogLevel[LogLevel["Debug"] = 1] = "Debug";
    LogLevel[LogLevel["Info"] = 2] = "Info";
    LogLevel[LogLevel["Warn"] = 3] = "Warn";
    LogLevel[LogLevel["Error"] = 4] = "Error";
    LogLevel[LogLevel["Critical"] = 5] = "Critical";
})(LogLevel || (LogLevel = {}));
/** Stream selector of `proxy_continue_stream` / `proxy_close_stream`. */
export var StreamType;
(function (StreamType) {
    StreamType[StreamType["Request"] = 0] = "Request";
    StreamType[StreamType["Response"] = 1] = "Response";
    StreamType[StreamType["Downstream"] = 2] = "Downstream";
    StreamType[StreamType["Upstream"] = 3] = "Upstream";
})(StreamType || (StreamType = {}));
/** Buffer selector of `proxy_{get,set}_buffer_bytes` / `proxy_get_buffer_status`. */
export var BufferType;
(function (BufferType) {
    BufferType[BufferType["HttpRequestBody"] = 0] = "HttpRequestBody";
    BufferType[BufferType["HttpResponseBody"] = 1] = "HttpResponseBody";
    BufferType[BufferType["DownstreamData"] = 2] = "DownstreamData";
    BufferType[BufferType["UpstreamData"] = 3] = "UpstreamData";
    BufferType[BufferType["HttpCallResponseBody"] = 4] = "HttpCallResponseBody";
    BufferType[BufferType["GrpcReceiveBuffer"] = 5] = "GrpcReceiveBuffer";
    BufferType[BufferType["VmConfiguration"] = 6] = "VmConfiguration";
    BufferType[BufferType["PluginConfiguration"] = 7] = "PluginConfiguration";
    BufferType[BufferType["CallData"] = 8] = "CallData";
})(BufferType || (BufferType = {}));
/** Map selector of the `proxy_*_header_map_*` host functions. */
export var MapType;
(function (MapType) {
    MapType[MapType["HttpRequestHeaders"] = 0] = "HttpRequestHeaders";
    MapType[MapType["HttpRequestTrailers"] = 1] = "HttpRequestTrailers";
    MapType[MapType["HttpResponseHeaders"] = 2] = "HttpResponseHeaders";
    MapType[MapType["HttpResponseTrailers"] = 3] = "HttpResponseTrailers";
    MapType[MapType["GrpcReceiveInitialMetadata"] = 4] = "GrpcReceiveInitialMetadata";
    MapType[MapType["GrpcReceiveTrailingMetadata"] = 5] = "GrpcReceiveTrailingMetadata";
    MapType[MapType["HttpCallResponseHeaders"] = 6] = "HttpCallResponseHeaders";
    MapType[MapType["HttpCallResponseTrailers"] = 7] = "HttpCallResponseTrailers";
})(MapType || (MapType = {}));
/** Metric kinds of `proxy_define_metric`. */
export var MetricType;
(function (MetricType) {
    MetricType[MetricType["Counter"] = 0] = "Counter";
    MetricType[MetricType["Gauge"] = 1] = "Gauge";
    MetricType[MetricType["Histogram"] = 2] = "Histogram";
})(MetricType || (MetricType = {}));
/** Network filter status of the TCP callbacks: 0 Continue; any non-zero value is StopIteration. */
export var NetworkAction;
(function (NetworkAction) {
    NetworkAction[NetworkAction["Continue"] = 0] = "Continue";
    NetworkAction[NetworkAction["StopIteration"] = 1] = "StopIteration";
})(NetworkAction || (NetworkAction = {}));
/** Which side closed a TCP connection (`proxy_on_*_connection_close`). */
export var PeerType;
(function (PeerType) {
    PeerType[PeerType["Unknown"] = 0] = "Unknown";
    PeerType[PeerType["Local"] = 1] = "Local";
    PeerType[PeerType["Remote"] = 2] = "Remote";
})(PeerType || (PeerType = {}));
/** Standard gRPC status codes; InvalidCode (−1) means "no grpc-status". */
export var GrpcStatus;
(function (GrpcStatus) {
    GrpcStatus[GrpcStatus["InvalidCode"] = -1] = "InvalidCode";
    GrpcStatus[GrpcStatus["Ok"] = 0] = "Ok";
    GrpcStatus[GrpcStatus["Cancelled"] = 1] = "Cancelled";
    GrpcStatus[GrpcStatus["Unknown"] = 2] = "Unknown";
    GrpcStatus[GrpcStatus["InvalidArgument"] = 3] = "InvalidArgument";
    GrpcStatus[GrpcStatus["DeadlineExceeded"] = 4] = "DeadlineExceeded";
    GrpcStatus[GrpcStatus["NotFound"] = 5] = "NotFound";
    GrpcStatus[GrpcStatus["AlreadyExists"] = 6] = "AlreadyExists";
    GrpcStatus[GrpcStatus["PermissionDenied"] = 7] = "PermissionDenied";
    GrpcStatus[GrpcStatus["ResourceExhausted"] = 8] = "ResourceExhausted";
    GrpcStatus[GrpcStatus["FailedPrecondition"] = 9] = "FailedPrecondition";
    GrpcStatus[GrpcStatus["Aborted"] = 10] = "Aborted";
    GrpcStatus[GrpcStatus["OutOfRange"] = 11] = "OutOfRange";
    GrpcStatus[GrpcStatus["Unimplemented"] = 12] = "Unimplemented";
    GrpcStatus[GrpcStatus["Internal"] = 13] = "Internal";
    GrpcStatus[GrpcStatus["Unavailable"] = 14] = "Unavailable";
    GrpcStatus[GrpcStatus["DataLoss"] = 15] = "DataLoss";
    GrpcStatus[GrpcStatus["Unauthenticated"] = 16] = "Unauthenticated";
})(GrpcStatus || (GrpcStatus = {}));
/** Envoy `PluginConfig.failure_policy` (numbers by declaration order). */
export var FailurePolicy;
(function (FailurePolicy) {
    FailurePolicy[FailurePolicy["Unspecified"] = 0] = "Unspecified";
    FailurePolicy[FailurePolicy["FailReload"] = 1] = "FailReload";
    FailurePolicy[FailurePolicy["FailClosed"] = 2] = "FailClosed";
    FailurePolicy[FailurePolicy["FailIgnore"] = 3] = "FailIgnore";
})(FailurePolicy || (FailurePolicy = {}));
