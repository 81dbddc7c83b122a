// The public API of the envoy-as guest SDK, re-exported by name. Anything not listed here is
// internal. A filter imports from this module and re-exports "./abi/exports" for Envoy.

// The abort/trace/seed replacements asconfig.json routes the built-ins to must be compiled in
// whenever the SDK is.
import "./runtime/abort";

export {
  WasmResult, LogLevel, StreamType, BufferType, MapType, MetricType, PeerType,
  HeadersAction, DataAction, TrailersAction, GrpcStatus, NetworkAction,
} from "./abi/enums";

export { Context, setEffectiveContext } from "./context";
export { Configuration, RootContext, HttpContext, HttpMessage, TcpContext, request, response } from "./contexts";
export { registerRootContext } from "./dispatcher";

export { log, logAt, logLevel, logEnabled } from "./hostcalls/log";
export { currentTimeNanos, currentTimeMillis, setTickPeriod } from "./hostcalls/time";
export { HeaderMap } from "./hostcalls/headers";
export { HeaderPair, pairsOf, encodePairs, decodePairs } from "./hostcalls/pairs";
export { Buffer } from "./hostcalls/buffers";
export { PropertyPath, getProperty, getPropertyString, getPropertyInt, setProperty } from "./hostcalls/properties";
export { continueStream, closeStream, sendLocalResponse } from "./hostcalls/stream";
export { Metric, Counter, Gauge, Histogram } from "./hostcalls/metrics";
export { ForeignResult, callForeignFunction, clearRouteCache } from "./hostcalls/foreign";
export { Json, JsonValue, JsonKind, JsonResult, jsonQuote } from "./json";
export { asciiLower, isValidHeaderName, isValidHeaderValue, forLog } from "./util";
export { StringBuilder, joinStrings } from "./string-builder";
export { downstreamData, upstreamData } from "./tcp-data";
export { GrpcCall, GrpcCallback, GrpcResponse, GrpcStream, GrpcStreamHandler, grpcCall, grpcStream } from "./grpc";
export { Status, getStatus } from "./hostcalls/grpc";
export { HttpCall, HttpCallCallback, dispatchHttpCallFrom } from "./http-call";
export { dispatchHttpCall } from "./dispatch-http-call";
export { HttpCallResponse } from "./hostcalls/http-call";
export {
  SharedValue, SharedDataUpdate, getSharedData, getSharedString, setSharedData, setSharedString, updateSharedData,
} from "./hostcalls/shared-data";
export {
  QueueToken, QueueItem, registerSharedQueue, resolveSharedQueue, enqueueSharedQueue, enqueueSharedQueueString, dequeueSharedQueue,
} from "./hostcalls/shared-queue";
