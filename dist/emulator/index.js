/**
 * envoy-as host emulator: runs the same proxy-wasm .wasm Envoy runs, under Node, with Envoy's
 * host behaviour (ABI 0.2.0 / 0.2.1). Public API; everything else in src/emulator is internal.
 */
export { Host, VIRTUAL_CLOCK_START } from "./host.js";
export { HttpCall, TIMEOUT_BODY } from "./http-calls.js";
export { Vm } from "./vm.js";
export { Plugin } from "./plugin.js";
export { HttpStream } from "./http-stream.js";
export { TcpStream } from "./tcp-stream.js";
export { GrpcClusters, GrpcServerCall, GrpcServerStream } from "./grpc.js";
export { FilterTrap, ConfigureRejected, VmLoadError, VmFailedError } from "./errors.js";
export { LOG_LEVEL_OFF } from "./logs.js";
export { WasmResult, HeadersAction, DataAction, TrailersAction, LogLevel, StreamType, BufferType, MapType, MetricType, PeerType, NetworkAction, GrpcStatus, FailurePolicy, } from "./abi/enums.js";
export { TypedProperty, encodePairs, decodePairs, encodeProperty, int64, uint64, double, timestamp, duration, } from "./abi/pairs.js";
