/**
 * gRPC services the emulated Envoy can reach: a test registers a handler per cluster name, and
 * filters call it with `proxy_grpc_call` / `proxy_grpc_stream`.
 *
 * ```ts
 * host.grpc.register("authz", {
 *   unary: (call) => (call.messageText.startsWith("/admin") ? "deny" : "allow"),
 *   stream: (s) => { s.sendInitialMetadata({ "x-echo-init": "1" }); s.onMessage = (m) => s.sendMessage(m); s.onHalfClose = () => s.close(0); },
 * });
 * ```
 *
 * Like Envoy, every reply reaches the guest asynchronously on the ROOT context that issued the
 * call (`proxy_on_grpc_*(root_id, token, …)`): a reply produced while a guest callback runs is
 * delivered after it returns. A unary call gets `on_grpc_receive` on success or
 * `on_grpc_close(status)` on failure; a stream gets initial metadata, messages, trailing
 * metadata and close, in the order the test sends them.
 */
import { GrpcStatus } from "./abi/enums.ts";
import { type Pairs } from "./abi/pairs.ts";
import type { HostContext } from "./context.ts";
import { type HeadersInit } from "./header-map.ts";
import type { Vm } from "./vm.ts";
/** What a unary handler may answer: the reply message, or a failure status with its message. */
export type GrpcReply = string | Uint8Array | {
    status: GrpcStatus | number;
    message?: string;
};
/** A test's gRPC server behind one cluster name. */
export interface GrpcService {
    /**
     * Answers a unary call. Return the reply (or a failure) to answer right after the calling
     * callback returns, or nothing and answer later with `call.respond()` / `call.fail()`.
     * Without this method, calls fail with Unimplemented, as a real server would answer.
     */
    unary?(call: GrpcServerCall): GrpcReply | undefined | void;
    /** Called when a filter opens a stream; drive it with the stream's methods and hooks. */
    stream?(stream: GrpcServerStream): void;
}
/** What a filter asked for: shared by unary calls and streams. */
declare abstract class GrpcExchange {
    /** @internal */ readonly vm: Vm;
    /** @internal */ readonly rootContextId: number;
    /** The host token (≡1 mod 4 for calls, ≡2 mod 4 for streams). */
    readonly token: number;
    /** The cluster (or serialized GrpcService) the filter named. */
    readonly cluster: string;
    readonly serviceName: string;
    readonly method: string;
    /** Initial metadata the filter sent. */
    readonly metadata: Pairs;
    /** Set when the filter cancelled it (proxy_grpc_cancel, or proxy_grpc_close on a call): no more callbacks. */
    cancelled: boolean;
    /** The guest received the final callback (a call's reply or close; a stream's close). */
    finalDelivered: boolean;
    constructor(
    /** @internal */ vm: Vm, 
    /** @internal */ rootContextId: number, 
    /** The host token (≡1 mod 4 for calls, ≡2 mod 4 for streams). */
    token: number, 
    /** The cluster (or serialized GrpcService) the filter named. */
    cluster: string, serviceName: string, method: string, 
    /** Initial metadata the filter sent. */
    metadata: Pairs);
    /** `/<service>/<method>`, the gRPC request path. */
    get path(): string;
    /** Runs a guest callback on the issuing root context now, or after the running callback. */
    protected deliver(run: (root: HostContext) => void): void;
    /** Delivers `on_grpc_close` with `proxy_get_status` reporting (status, message) meanwhile. */
    protected deliverClose(status: number, message: string): void;
    /** Delivers one message (`on_grpc_receive`) readable as GrpcReceiveBuffer during the callback. */
    protected deliverMessage(message: Uint8Array, final: boolean): void;
}
/** A unary call as the test's server sees it. */
export declare class GrpcServerCall extends GrpcExchange {
    #private;
    /** The request message bytes. */
    readonly message: Uint8Array;
    /** The deadline the filter gave (0 = none). */
    readonly timeoutMs: number;
    /** @internal */ onSettled: (() => void) | undefined;
    constructor(vm: Vm, rootContextId: number, token: number, cluster: string, serviceName: string, method: string, metadata: Pairs, 
    /** The request message bytes. */
    message: Uint8Array, 
    /** The deadline the filter gave (0 = none). */
    timeoutMs: number);
    /** The request message as UTF-8 text. */
    get messageText(): string;
    /** True once answered (or cancelled). */
    get settled(): boolean;
    /** Answers with a reply message: the filter gets `on_grpc_receive`. */
    respond(message: string | Uint8Array): void;
    /** Fails the call: the filter gets `on_grpc_close(status)`, message via `proxy_get_status`. */
    fail(status: GrpcStatus | number, message?: string): void;
    /** @internal answers with whatever a handler returned. */
    answer(reply: GrpcReply): void;
}
/** A bidirectional stream as the test's server sees it. */
export declare class GrpcServerStream extends GrpcExchange {
    #private;
    /** Messages the filter sent, in order. */
    readonly received: Uint8Array[];
    /** The filter half-closed (end_stream on a send, or proxy_grpc_close). */
    halfClosed: boolean;
    /** The server closed the stream. */
    closed: boolean;
    /** Called for each message the filter sends (after the sending callback returns its replies are queued). */
    onMessage: ((message: Uint8Array, stream: GrpcServerStream) => void) | undefined;
    /** Called once when the filter half-closes. */
    onHalfClose: ((stream: GrpcServerStream) => void) | undefined;
    /** @internal */ onClosed: (() => void) | undefined;
    /** {@link received} as UTF-8 text. */
    get receivedText(): string[];
    /** Sends the response headers: `on_grpc_receive_initial_metadata`. */
    sendInitialMetadata(metadata: HeadersInit): void;
    /** Sends one message: `on_grpc_receive`. */
    sendMessage(message: string | Uint8Array): void;
    /** Sends trailing metadata: `on_grpc_receive_trailing_metadata`. */
    sendTrailingMetadata(metadata: HeadersInit): void;
    /** Ends the stream with `status` (default Ok): `on_grpc_close`. */
    close(status?: GrpcStatus | number, message?: string): void;
    /** @internal a message from the filter. */
    receive(message: Uint8Array, endStream: boolean): void;
    /** @internal the filter half-closed. */
    halfClose(): void;
}
/** The host's registry of gRPC clusters (`host.grpc`). */
export declare class GrpcClusters {
    #private;
    /** Every unary call filters made, in order. */
    readonly calls: GrpcServerCall[];
    /** Every stream filters opened, in order. */
    readonly streams: GrpcServerStream[];
    /** Makes `cluster` a known cluster served by `service` (replaces an earlier registration). */
    register(cluster: string, service: GrpcService): void;
    /** The service behind `cluster`, or undefined for an unknown cluster. */
    service(cluster: string): GrpcService | undefined;
    /** Unary calls not answered (nor cancelled) yet. */
    get pendingCalls(): GrpcServerCall[];
}
export {};
