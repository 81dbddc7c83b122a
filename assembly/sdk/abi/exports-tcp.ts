// Network (TCP) filter callbacks, for filters with a TcpContext (RootContext.newTcpContext).
import * as tcp from "../tcp-dispatch";
import { safePoint } from "../runtime/gc";

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
