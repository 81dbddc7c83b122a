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
import { BufferType, GrpcStatus, MapType } from "./abi/enums.js";
import { fromBytes, toBytes } from "./abi/pairs.js";
import { findContext } from "./context-registry.js";
import { toPairs } from "./header-map.js";
/** What a filter asked for: shared by unary calls and streams. */
class GrpcExchange {
    vm;
    rootContextId;
    token;
    cluster;
    serviceName;
    method;
    metadata;
    /** Set when the filter cancelled it (proxy_grpc_cancel, or proxy_grpc_close on a call): no more callbacks. */
    cancelled = false;
    /** The guest received the final callback (a call's reply or close; a stream's close). */
    finalDelivered = false;
    constructor(
    /** @internal */ vm, 
    /** @internal */ rootContextId, 
    /** The host token (≡1 mod 4 for calls, ≡2 mod 4 for streams). */
    token, 
    /** The cluster (or serialized GrpcService) the filter named. */
    cluster, serviceName, method, 
    /** Initial metadata the filter sent. */
    metadata) {
        this.vm = vm;
        this.rootContextId = rootContextId;
        this.token = token;
        this.cluster = cluster;
        this.serviceName = serviceName;
        this.method = method;
        this.metadata = metadata;
    }
    /** `/<service>/<method>`, the gRPC request path. */
    get path() {
        return `/${this.serviceName}/${this.method}`;
    }
    /** Runs a guest callback on the issuing root context now, or after the running callback. */
    deliver(run) {
        const go = () => {
            if (this.vm.failed || this.cancelled)
                return; // Envoy sends nothing to a failed VM or for a cancelled call
            const root = findContext(this.vm, this.rootContextId);
            if (root)
                run(root);
        };
        if (this.vm.currentCallback !== undefined) {
            this.vm.defer(go);
        }
        else {
            go();
            this.vm.drainDeferred();
        }
    }
    /** Delivers `on_grpc_close` with `proxy_get_status` reporting (status, message) meanwhile. */
    deliverClose(status, message) {
        this.deliver((root) => {
            root.status = { code: status, message };
            this.finalDelivered = true;
            try {
                this.vm.call("proxy_on_grpc_close", root, [root.id, this.token, status]);
            }
            finally {
                root.status = { code: status, message: "" }; // Envoy clears the message after the callback
            }
        });
    }
    /** Delivers one message (`on_grpc_receive`) readable as GrpcReceiveBuffer during the callback. */
    deliverMessage(message, final) {
        this.deliver((root) => {
            if (final)
                this.finalDelivered = true;
            root.withCallbackData({ buffers: new Map([[BufferType.GrpcReceiveBuffer, message]]) }, () => this.vm.call("proxy_on_grpc_receive", root, [root.id, this.token, message.length]));
        });
    }
}
/** A unary call as the test's server sees it. */
export class GrpcServerCall extends GrpcExchange {
    message;
    timeoutMs;
    #settled = false;
    /** @internal */ onSettled;
    constructor(vm, rootContextId, token, cluster, serviceName, method, metadata, 
    /** The request message bytes. */
    message, 
    /** The deadline the filter gave (0 = none). */
    timeoutMs) {
        super(vm, rootContextId, token, cluster, serviceName, method, metadata);
        this.message = message;
        this.timeoutMs = timeoutMs;
    }
    /** The request message as UTF-8 text. */
    get messageText() {
        return fromBytes(this.message);
    }
    /** True once answered (or cancelled). */
    get settled() {
        return this.#settled || this.cancelled;
    }
    /** Answers with a reply message: the filter gets `on_grpc_receive`. */
    respond(message) {
        if (!this.#settle())
            return;
        this.deliverMessage(toBytes(message), true);
    }
    /** Fails the call: the filter gets `on_grpc_close(status)`, message via `proxy_get_status`. */
    fail(status, message = "") {
        if (!this.#settle())
            return;
        this.deliverClose(status, message);
    }
    /** @internal answers with whatever a handler returned. */
    answer(reply) {
        if (typeof reply === "string" || reply instanceof Uint8Array)
            this.respond(reply);
        else
            this.fail(reply.status, reply.message ?? "");
    }
    #settle() {
        if (this.settled)
            return false;
        this.#settled = true;
        this.onSettled?.();
        return true;
    }
}
/** A bidirectional stream as the test's server sees it. */
export class GrpcServerStream extends GrpcExchange {
    /** Messages the filter sent, in order. */
    received = [];
    /** The filter half-closed (end_stream on a send, or proxy_grpc_close). */
    halfClosed = false;
    /** The server closed the stream. */
    closed = false;
    /** Called for each message the filter sends (after the sending callback returns its replies are queued). */
    onMessage;
    /** Called once when the filter half-closes. */
    onHalfClose;
    /** @internal */ onClosed;
    /** {@link received} as UTF-8 text. */
    get receivedText() {
        return this.received.map(fromBytes);
    }
    /** Sends the response headers: `on_grpc_receive_initial_metadata`. */
    sendInitialMetadata(metadata) {
        this.#deliverMetadata("proxy_on_grpc_receive_initial_metadata", MapType.GrpcReceiveInitialMetadata, toPairs(metadata));
    }
    /** Sends one message: `on_grpc_receive`. */
    sendMessage(message) {
        if (this.closed || this.cancelled)
            return;
        this.deliverMessage(toBytes(message), false);
    }
    /** Sends trailing metadata: `on_grpc_receive_trailing_metadata`. */
    sendTrailingMetadata(metadata) {
        this.#deliverMetadata("proxy_on_grpc_receive_trailing_metadata", MapType.GrpcReceiveTrailingMetadata, toPairs(metadata));
    }
    /** Ends the stream with `status` (default Ok): `on_grpc_close`. */
    close(status = GrpcStatus.Ok, message = "") {
        if (this.closed || this.cancelled)
            return;
        this.closed = true;
        this.onClosed?.();
        this.deliverClose(status, message);
    }
    /** @internal a message from the filter. */
    receive(message, endStream) {
        this.received.push(message);
        this.onMessage?.(message, this);
        if (endStream)
            this.halfClose();
    }
    /** @internal the filter half-closed. */
    halfClose() {
        if (this.halfClosed)
            return;
        this.halfClosed = true;
        this.onHalfClose?.(this);
    }
    #deliverMetadata(callback, type, pairs) {
        if (this.closed || this.cancelled)
            return;
        this.deliver((root) => {
            root.withCallbackData({ maps: new Map([[type, pairs]]) }, () => this.vm.call(callback, root, [root.id, this.token, pairs.length]));
        });
    }
}
/** The host's registry of gRPC clusters (`host.grpc`). */
export class GrpcClusters {
    #services = new Map();
    /** Every unary call filters made, in order. */
    calls = [];
    /** Every stream filters opened, in order. */
    streams = [];
    /** Makes `cluster` a known cluster served by `service` (replaces an earlier registration). */
    register(cluster, service) {
        this.#services.set(cluster, service);
    }
    /** The service behind `cluster`, or undefined for an unknown cluster. */
    service(cluster) {
        return this.#services.get(cluster);
    }
    /** Unary calls not answered (nor cancelled) yet. */
    get pendingCalls() {
        return this.calls.filter((c) => !c.settled);
    }
}
