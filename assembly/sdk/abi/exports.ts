// The functions Envoy calls: every group. A filter's entry file re-exports this module
//   export * from "../../sdk/abi/exports";
// or, to stay small, only the groups it uses:
//   exports-http  (always: marker, allocator, lifecycle, configuration, ticks, HTTP streams)
//   exports-root  (HTTP callout responses, shared queues, foreign functions)
//   exports-grpc  (gRPC calls and streams)
//   exports-tcp   (network filters)
// The build refuses a module that calls a host function whose callback it does not export.
export * from "./exports-http";
export * from "./exports-root";
export * from "./exports-grpc";
export * from "./exports-tcp";
