// The functions Envoy calls. Every filter's entry file re-exports this module:
//   export * from "../../sdk/abi/exports";
// Each export is a thin forward to the dispatcher, then a GC safe point (runtime/gc.ts).
// Return values are i32 on the wire.
import * as dispatch from "../dispatcher";
import * as grpc from "../grpc";
import * as httpCall from "../http-call";
import { foreignCallData } from "../hostcalls/foreign";
import * as tcp from "../tcp-dispatch";
import "../runtime/abort"; // the abort/trace/seed targets of asconfig.json
import { collectNow, safePoint } from "../runtime/gc";

export { proxy_on_memory_allocate, envoy_as_host_blocks_in_use } from "./memory";

/** ABI marker: Envoy selects ABI v0.2.1 by this export's name. Never called. */
export function proxy_abi_version_0_2_1(): void {}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {
  dispatch.createContext(contextId, parentContextId);
  safePoint(false);
}
export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: u32): bool {
  const ok = dispatch.vmStart(rootContextId, vmConfigurationSize);
  collectNow();
  return ok;
}
export function proxy_on_configure(rootContextId: u32, pluginConfigurationSize: u32): bool {
  const ok = dispatch.configure(rootContextId, pluginConfigurationSize);
  collectNow(); // configuration parsing leaves the most garbage
  return ok;
}
export function proxy_on_tick(rootContextId: u32): void {
  dispatch.tick(rootContextId);
  safePoint(false);
}
export function proxy_on_request_headers(contextId: u32, headerCount: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.requestHeaders(contextId, headerCount, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.requestBody(contextId, bodySize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_request_trailers(contextId: u32, trailerCount: u32): u32 {
  const action = <u32>dispatch.requestTrailers(contextId, trailerCount);
  safePoint(false);
  return action;
}
export function proxy_on_response_headers(contextId: u32, headerCount: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.responseHeaders(contextId, headerCount, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.responseBody(contextId, bodySize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_response_trailers(contextId: u32, trailerCount: u32): u32 {
  const action = <u32>dispatch.responseTrailers(contextId, trailerCount);
  safePoint(false);
  return action;
}
export function proxy_on_log(contextId: u32): void {
  dispatch.log(contextId);
  safePoint(false);
}
export function proxy_on_done(contextId: u32): bool {
  const finished = dispatch.done(contextId);
  safePoint(false);
  return finished;
}
export function proxy_on_delete(contextId: u32): void {
  dispatch.remove(contextId);
  safePoint(true);
}

// ---- TCP (network filter) callbacks: assembly/sdk/tcp-dispatch.ts
export function proxy_on_new_connection(contextId: u32): u32 {
  const action = <u32>tcp.newConnection(contextId);
  safePoint(false);
  return action;
}
export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 {
  const action = <u32>tcp.downstreamData(contextId, dataSize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 {
  const action = <u32>tcp.upstreamData(contextId, dataSize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_downstream_connection_close(contextId: u32, peerType: u32): void {
  tcp.downstreamClose(contextId, peerType);
  safePoint(false);
}
export function proxy_on_upstream_connection_close(contextId: u32, peerType: u32): void {
  tcp.upstreamClose(contextId, peerType);
  safePoint(false);
}

// ---- gRPC callbacks, delivered to the root context that issued the call: assembly/sdk/grpc.ts
export function proxy_on_grpc_receive_initial_metadata(rootContextId: u32, token: u32, headerCount: u32): void {
  if (dispatch.root(rootContextId) !== null) grpc.grpcInitialMetadata(token, headerCount);
  safePoint(false);
}
export function proxy_on_grpc_receive(rootContextId: u32, token: u32, messageSize: u32): void {
  if (dispatch.root(rootContextId) !== null) grpc.grpcReceive(token, messageSize);
  safePoint(false);
}
export function proxy_on_grpc_receive_trailing_metadata(rootContextId: u32, token: u32, trailerCount: u32): void {
  if (dispatch.root(rootContextId) !== null) grpc.grpcTrailingMetadata(token, trailerCount);
  safePoint(false);
}
export function proxy_on_grpc_close(rootContextId: u32, token: u32, statusCode: u32): void {
  if (dispatch.root(rootContextId) !== null) grpc.grpcClosed(token, statusCode);
  safePoint(false);
}

// ---- HTTP callouts, shared queues and foreign functions, delivered to a root context
export function proxy_on_http_call_response(rootContextId: u32, token: u32, headerCount: u32, bodySize: u32, trailerCount: u32): void {
  if (dispatch.root(rootContextId) !== null) httpCall.httpCallResponse(token, headerCount, bodySize, trailerCount);
  safePoint(false);
}
export function proxy_on_queue_ready(rootContextId: u32, token: u32): void {
  const r = dispatch.root(rootContextId);
  if (r !== null) r.onQueueReady(token);
  safePoint(false);
}
export function proxy_on_foreign_function(rootContextId: u32, functionId: u32, argsSize: u32): void {
  const r = dispatch.root(rootContextId);
  if (r !== null) r.onForeignFunction(functionId, foreignCallData(argsSize));
  safePoint(false);
}
