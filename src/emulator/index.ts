/**
 * envoy-as host emulator: runs the same proxy-wasm .wasm Envoy runs, under Node, with Envoy's
 * host behaviour (ABI 0.2.0 / 0.2.1). Public API; everything else in src/emulator is internal.
 */
export { Host, type HostOptions, VIRTUAL_CLOCK_START, VIRTUAL_MONOTONIC_START } from "./host.ts";
export type { ForeignCall, ForeignFunction } from "./host-services.ts";
export { HostHttpCall, type HttpCallState, type HttpCallResponseInit, type ClusterHandler, TIMEOUT_BODY } from "./http-calls.ts";
export type { HostMetric } from "./metrics.ts";
export type { HostSharedValue, SharedDataStore, SharedQueues } from "./shared-data.ts";
export { Vm, type VmOptions, type UnimplementedCall } from "./vm.ts";
export { Plugin, type PluginOptions, type PluginState } from "./plugin.ts";
export { HttpStream, type HttpStreamOptions, type EndOfStreamOptions, type PausedState } from "./http-stream.ts";
export type { LocalResponse } from "./local-reply.ts";
export type { StreamCall } from "./http-context.ts";
export { TcpStream, type TcpStreamOptions, type TcpClosedBy } from "./tcp-stream.ts";
export { GrpcClusters, GrpcServerCall, GrpcServerStream, type GrpcService, type GrpcReply } from "./grpc.ts";
export { FilterTrap, ConfigureRejected, VmLoadError, VmFailedError } from "./errors.ts";
export { type LogEntry, type LogLevelName, LOG_LEVEL_OFF } from "./logs.ts";
export {
  WasmResult,
  HeadersAction,
  DataAction,
  TrailersAction,
  LogLevel,
  StreamType,
  BufferType,
  MapType,
  MetricType,
  PeerType,
  NetworkAction,
  GrpcStatus,
  FailurePolicy,
} from "./abi/enums.ts";
export {
  type Pairs,
  type PropertyValue,
  TypedProperty,
  encodePairs,
  decodePairs,
  encodeProperty,
  int64,
  uint64,
  double,
  timestamp,
  duration,
} from "./abi/pairs.ts";
export type { HeadersInit } from "./header-map.ts";
