// Routes the network-filter callbacks (proxy_on_new_connection and friends) to TcpContexts.
// The dispatcher constructs the TcpContext at the connection's first network callback.
import { NetworkAction, PeerType } from "./abi/enums";
import { connection } from "./dispatcher";

/** proxy_on_new_connection: constructs the TcpContext, then onNewConnection. */
export function newConnection(id: u32): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onNewConnection();
}
/** proxy_on_downstream_data. */
export function downstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onDownstreamData(size, endOfStream);
}
/** proxy_on_upstream_data. */
export function upstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onUpstreamData(size, endOfStream);
}
/** proxy_on_downstream_connection_close. */
export function downstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onDownstreamConnectionClose(<PeerType>peer);
}
/** proxy_on_upstream_connection_close. */
export function upstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onUpstreamConnectionClose(<PeerType>peer);
}
