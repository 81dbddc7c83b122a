// gRPC callbacks, delivered to the root context that issued the call or stream
// (assembly/sdk/grpc.ts) and routed by the dispatcher to the call or stream by token. Needed by
// any module that calls grpcCall or grpcStream; the build
// refuses a module that imports proxy_grpc_call/proxy_grpc_stream without them.
import * as dispatch from "../dispatcher";
import { safePoint } from "../runtime/gc";

export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, headerCount: u32): void {
  dispatch.grpcInitialMetadata(rootContextId, token, headerCount);
  safePoint(false);
}
export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {
  dispatch.grpcReceive(rootContextId, token, messageSize);
  safePoint(false);
}
export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, trailerCount: u32): void {
  dispatch.grpcTrailingMetadata(rootContextId, token, trailerCount);
  safePoint(false);
}
export function proxy_on_grpc_close(rootContextId: u32, token: u32, statusCode: u32): void {
  dispatch.grpcClosed(rootContextId, token, statusCode);
  safePoint(false);
}
