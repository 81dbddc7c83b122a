// The callbacks every filter needs: ABI marker, allocator, context lifecycle, configuration,
// ticks and HTTP streams. An HTTP filter that makes no callouts re-exports only this module
//   export * from "../../sdk/abi/exports-http";
// and stays small; exports.ts re-exports every group. Each export forwards to the dispatcher,
// then reaches a GC safe point (runtime/gc.ts). Return values are i32 on the wire.
import * as dispatch from "../dispatcher";
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
