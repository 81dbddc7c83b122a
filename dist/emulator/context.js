/**
 * The host's view of a guest context (VM, root/plugin, or HTTP stream).
 *
 * Host functions act on the VM's current context and ask it for buffers, header maps,
 * properties and stream control. The base class answers like Envoy does for a context that has
 * none of those (e.g. a root context): NotFound / BadArgument / "does nothing".
 */
import { BufferType, StreamType, WasmResult } from "./abi/enums.js";
import { lookupAttribute } from "./attributes.js";
/** Base class of every context the host tracks. */
export class HostContext {
    vm;
    id;
    /** The root context's last status for `proxy_get_status` (set on root contexts only). */
    status = { code: 0, message: "" };
    #callbackData;
    constructor(vm, 
    /** The context id the guest sees (0 for the VM context). */
    id) {
        this.vm = vm;
        this.id = id;
    }
    /** The plugin this context belongs to, for log records and error messages. */
    get pluginName() {
        return undefined;
    }
    /** True during `proxy_on_log`: unavailable maps then give NotFound instead of BadArgument. */
    get accessLogPhase() {
        return false;
    }
    /**
     * The root context id whose timer, HTTP calls and queues this context uses: its own for a
     * root, its plugin's for a stream; undefined for the VM context.
     */
    get rootContextId() {
        return undefined;
    }
    /**
     * Runs `run` (a guest callback) with `data`'s maps and buffers readable from this context,
     * as Envoy exposes an HTTP-call response only inside `proxy_on_http_call_response`.
     */
    withCallbackData(data, run) {
        const saved = this.#callbackData;
        this.#callbackData = data;
        try {
            return run();
        }
        finally {
            this.#callbackData = saved;
        }
    }
    /** Returns the buffer of `type` if it is available now (else the call gives NotFound). */
    getBuffer(type) {
        if (type === BufferType.VmConfiguration) {
            const vm = this.vm;
            return { get: () => vm.configuration };
        }
        const scoped = this.#callbackData?.buffers?.get(type);
        if (scoped)
            return { get: () => scoped };
        return undefined;
    }
    /**
     * Returns the header map of `type` if available now. `mutable` mirrors Envoy's getMap vs
     * getConstMap: some maps are readable but not writable (e.g. in `on_log`).
     */
    getMap(type, _mutable) {
        return this.#callbackData?.maps?.get(type);
    }
    /** `proxy_done`: only a root context whose `on_done` returned false may finish; else NotFound. */
    finishDone() {
        return WasmResult.NotFound;
    }
    /** The foreign function `clear_route_cache`: does nothing outside an HTTP stream. */
    clearRouteCache() { }
    /** The attribute tree this context resolves `proxy_get_property` against. */
    attributes() {
        return this.vm.baseAttributes();
    }
    /** `proxy_get_property`: the serialized value or a WasmResult. */
    getProperty(segments) {
        return lookupAttribute(this.attributes(), segments);
    }
    /** `proxy_set_property`: Envoy returns NotFound when there is no stream. */
    setProperty(_path, _value) {
        return WasmResult.NotFound;
    }
    /** `proxy_continue_stream`: without a stream, Request/Response/Downstream do nothing. */
    continueStream(type) {
        if (type === StreamType.Upstream)
            return WasmResult.Unimplemented;
        return type > StreamType.Upstream ? WasmResult.BadArgument : WasmResult.Ok;
    }
    /** `proxy_close_stream`: without a stream, every valid type does nothing. */
    closeStream(type) {
        return type > StreamType.Upstream ? WasmResult.BadArgument : WasmResult.Ok;
    }
    /** `proxy_send_local_response`: outside an HTTP stream Envoy silently does nothing. */
    sendLocalResponse(_reply) { }
}
/** Context 0: current while `_initialize` / `_start` run. */
export class VmContext extends HostContext {
    kind = "vm";
}
