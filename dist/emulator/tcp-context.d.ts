/**
 * The host's side of a TCP connection through a network Wasm filter: the data buffers the
 * guest can reach in each callback, the connection's attributes and filter state, and
 * connection control. The test-facing driver is {@link TcpStream} (tcp-stream.ts).
 */
import { BufferType, WasmResult } from "./abi/enums.ts";
import { type PropertyValue } from "./abi/pairs.ts";
import { AttributeNode } from "./attributes.ts";
import { type BufferRef, HostContext } from "./context.ts";
import type { StreamCall } from "./http-context.ts";
import { type Plugin } from "./plugin.ts";
/** Everything the host tracks for one connection. */
export declare class TcpState {
    /** Data presented to the running on_downstream_data (undefined outside it). */
    downstreamCurrent: Uint8Array | undefined;
    /** Data presented to the running on_upstream_data (undefined outside it). */
    upstreamCurrent: Uint8Array | undefined;
    /** Client bytes the filter stopped on (Envoy keeps them in the read buffer). */
    downstreamHeld: Uint8Array;
    /** Upstream bytes the filter stopped on. */
    upstreamHeld: Uint8Array;
    /** on_new_connection returned StopIteration and the filter has not resumed yet. */
    stoppedAtConnect: boolean;
    /** The filter closed the connection (proxy_close_stream Downstream/Upstream). */
    closing: boolean;
    readonly filterState: Map<string, Uint8Array<ArrayBufferLike>>;
    readonly continued: StreamCall[];
    readonly closed: StreamCall[];
}
/** Hooks the context needs from the connection driver. */
export interface TcpDriver {
    /** proxy_continue_stream(Downstream), run after the callback returns. */
    resumeDownstream(): void;
    /** The filter closed the connection: run the close callbacks after the callback returns. */
    closeByFilter(): void;
    readonly properties: Record<string, PropertyValue> | undefined;
    readonly connectionId: number;
}
export declare class TcpContext extends HostContext {
    readonly plugin: Plugin;
    readonly state: TcpState;
    private readonly driver;
    readonly kind: "tcp";
    constructor(plugin: Plugin, id: number, state: TcpState, driver: TcpDriver);
    get pluginName(): string;
    get rootContextId(): number;
    /** Envoy exposes each direction's data only inside its own data callback. */
    getBuffer(type: BufferType): BufferRef | undefined;
    attributes(): AttributeNode;
    /** Vocabulary first, then filter state written with proxy_set_property. */
    getProperty(segments: string[]): Uint8Array | WasmResult;
    setProperty(path: string, value: Uint8Array): WasmResult;
    /** Downstream resumes reading; Upstream is Unimplemented in Envoy; HTTP types do nothing here. */
    continueStream(type: number): WasmResult;
    /**
     * Downstream and Upstream both close the (downstream) connection with FlushWrite: a network
     * filter only holds that connection. The connection stops forwarding at once; the close
     * callbacks run after the current callback returns.
     */
    closeStream(type: number): WasmResult;
}
