/**
 * A TCP connection driven the way Envoy drives a network Wasm filter placed before tcp_proxy
 * (fact sheet §5.4):
 *
 *   accept            on_context_create(id, root), on_new_connection(id)
 *   client bytes      on_downstream_data(id, size, eos)      → Continue forwards them upstream
 *   upstream bytes    on_upstream_data(id, size, eos)        → Continue forwards them to the client
 *   upstream eos      … then on_upstream_connection_close(id, Unknown)
 *   connection closes on_downstream_connection_close(id, Remote|Local), on_done, on_log, on_delete
 *
 * StopIteration keeps the bytes in Envoy's buffer: the next data callback of that direction sees
 * them again followed by the new bytes; proxy_continue_stream(Downstream) releases the client
 * bytes. A close by the filter (proxy_close_stream) stops forwarding at once and runs the close
 * callbacks (peer Local) after the callback returns.
 */
import { NetworkAction } from "./abi/enums.ts";
import { type PropertyValue } from "./abi/pairs.ts";
import type { StreamCall } from "./http-context.ts";
import type { LogEntry } from "./logs.ts";
import type { Plugin } from "./plugin.ts";
/** Options of {@link Plugin.newTcpStream}. */
export interface TcpStreamOptions {
    /** Attribute overrides for this connection by dotted path, e.g. `{"source.address": "10.0.0.1:5000"}`. */
    properties?: Record<string, PropertyValue>;
}
/** Who closed the connection, once closed. */
export type TcpClosedBy = "filter" | "client" | "proxy";
export declare class TcpStream {
    #private;
    /** The plugin (root context) this connection belongs to. */
    readonly plugin: Plugin;
    /** The connection's context id. */
    readonly contextId: number;
    /** What on_new_connection returned. */
    readonly newConnectionAction: NetworkAction;
    /** @internal use {@link Plugin.newTcpStream}: accepts the connection. */
    constructor(
    /** The plugin (root context) this connection belongs to. */
    plugin: Plugin, options: TcpStreamOptions);
    /**
     * The client sends `data` (`endOfStream`: it half-closes): `on_downstream_data`. Returns the
     * filter's status. Bytes the filter continues on reach {@link upstreamReceived} as edited.
     */
    sendDownstreamData(data: string | Uint8Array, options?: {
        endOfStream?: boolean;
    }): NetworkAction;
    /**
     * The upstream sends `data`: `on_upstream_data`; with `endOfStream`, then
     * `on_upstream_connection_close(Unknown)` as Envoy reports an upstream end of stream.
     */
    sendUpstreamData(data: string | Uint8Array, options?: {
        endOfStream?: boolean;
    }): NetworkAction;
    /**
     * The connection closes from outside the filter: `client` (default; peer Remote) or `proxy`
     * (Envoy closed it, e.g. tcp_proxy after the upstream went away; peer Local). Runs
     * `on_downstream_connection_close`, `on_done`, `on_log`, `on_delete`. Idempotent.
     */
    close(by?: "client" | "proxy"): void;
    /** Bytes forwarded to the upstream so far (after the filter's edits). */
    get upstreamReceived(): Uint8Array;
    /** {@link upstreamReceived} as UTF-8 text. */
    get upstreamReceivedText(): string;
    /** Bytes forwarded to the client so far. */
    get downstreamReceived(): Uint8Array;
    /** {@link downstreamReceived} as UTF-8 text. */
    get downstreamReceivedText(): string;
    /** True once the close callbacks ran (or the filter started closing). */
    get closed(): boolean;
    /** Who closed the connection, once closed. */
    get closedBy(): TcpClosedBy | undefined;
    /** proxy_close_stream calls the filter made, in order. */
    get closeCalls(): readonly StreamCall[];
    /** proxy_continue_stream calls the filter made, in order. */
    get continued(): readonly StreamCall[];
    /** Filter state written with proxy_set_property. */
    get filterState(): ReadonlyMap<string, Uint8Array>;
    /** Log records of this connection's context. */
    get logs(): LogEntry[];
}
