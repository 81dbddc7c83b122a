// The bytes of a TCP connection, as the TcpContext callbacks see them.
import { BufferType } from "./abi/enums";
import { Buffer } from "./hostcalls/buffers";

/** Bytes from the client, readable and writable in onDownstreamData. */
export const downstreamData = new Buffer(BufferType.DownstreamData);
/** Bytes from the upstream server, readable and writable in onUpstreamData. */
export const upstreamData = new Buffer(BufferType.UpstreamData);
