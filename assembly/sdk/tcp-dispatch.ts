// Routes the network-filter callbacks (proxy_on_new_connection and friends) to TcpContexts.
// The dispatcher constructs the TcpContext at the connection's first network callback.
import { NetworkAction, PeerType } from "./abi/enums";
import { connection } from "./dispatcher";

export function newConnection(id: u32): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onNewConnection();
}
export function downstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onDownstreamData(size, endOfStream);
}
export function upstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onUpstreamData(size, endOfStream);
}
export function downstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onDownstreamConnectionClose(<PeerType>peer);
}
export function upstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onUpstreamConnectionClose(<PeerType>peer);
}
