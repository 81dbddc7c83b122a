// Network (TCP) filter callbacks, for filters with a TcpContext (RootContext.newTcpContext).
import * as dispatch from "../dispatcher";
import { safePoint } from "../runtime/gc";

export function proxy_on_new_connection(contextId: u32): u32 {
  const action = <u32>dispatch.newConnection(contextId);
  safePoint(false);
  return action;
}
export function proxy_on_downstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.downstreamData(contextId, dataSize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_upstream_data(contextId: u32, dataSize: u32, endOfStream: bool): u32 {
  const action = <u32>dispatch.upstreamData(contextId, dataSize, endOfStream);
  safePoint(false);
  return action;
}
export function proxy_on_downstream_connection_close(contextId: u32, peerType: u32): void {
  dispatch.downstreamClose(contextId, peerType);
  safePoint(false);
}
export function proxy_on_upstream_connection_close(contextId: u32, peerType: u32): void {
  dispatch.upstreamClose(contextId, peerType);
  safePoint(false);
}
