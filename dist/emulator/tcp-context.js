/**
 * The host's side of a TCP connection through a network Wasm filter: the data buffers the
 * guest can reach in each callback, the connection's attributes and filter state, and
 * connection control. The test-facing driver is {@link TcpStream} (tcp-stream.ts).
 */
import { BufferType, StreamType, WasmResult } from "./abi/enums.js";
import { int64, uint64 } from "./abi/pairs.js";
import { AttributeNode } from "./attributes.js";
import { HostContext } from "./context.js";
import { pluginAttributes } from "./plugin.js";
/** Everything the host tracks for one connection. */
export class TcpState {
    /** Data presented to the running on_downstream_data (undefined outside it). */
    downstreamCurrent;
    /** Data presented to the running on_upstream_data (undefined outside it). */
    upstreamCurrent;
    /** Client bytes the filter stopped on (Envoy keeps them in the read buffer). */
    downstreamHeld = new Uint8Array(0);
    /** Upstream bytes the filter stopped on. */
    upstreamHeld = new Uint8Array(0);
    /** on_new_connection returned StopIteration and the filter has not resumed yet. */
    stoppedAtConnect = false;
    /** The filter closed the connection (proxy_close_stream Downstream/Upstream). */
    closing = false;
    filterState = new Map();
    continued = [];
    closed = [];
}
export class TcpContext extends HostContext {
    plugin;
    state;
    driver;
    kind = "tcp";
    constructor(plugin, id, state, driver) {
        super(plugin.vm, id);
        this.plugin = plugin;
        this.state = state;
        this.driver = driver;
    }
    get pluginName() {
        return this.plugin.name;
    }
    get rootContextId() {
        return this.plugin.contextId;
    }
    /** Envoy exposes each direction's data only inside its own data callback. */
    getBuffer(type) {
        const s = this.state;
        if (type === BufferType.DownstreamData && s.downstreamCurrent !== undefined) {
            return { get: () => s.downstreamCurrent, set: (b) => (s.downstreamCurrent = b) };
        }
        if (type === BufferType.UpstreamData && s.upstreamCurrent !== undefined) {
            return { get: () => s.upstreamCurrent, set: (b) => (s.upstreamCurrent = b) };
        }
        return super.getBuffer(type);
    }
    attributes() {
        return new AttributeNode({
            ...pluginAttributes(this.plugin).children,
            source: new AttributeNode({ address: "127.0.0.1:54321", port: int64(54321) }),
            destination: new AttributeNode({ address: "127.0.0.1:10001", port: int64(10001) }),
            connection: new AttributeNode({ id: uint64(this.driver.connectionId), mtls: false }),
        })
            .apply(this.vm.host.properties)
            .apply(this.driver.properties);
    }
    /** Vocabulary first, then filter state written with proxy_set_property. */
    getProperty(segments) {
        const result = super.getProperty(segments);
        if (result !== WasmResult.NotFound)
            return result;
        return this.state.filterState.get(segments.join("\0")) ?? WasmResult.NotFound;
    }
    setProperty(path, value) {
        this.state.filterState.set(path.endsWith("\0") ? path.slice(0, -1) : path, value);
        return WasmResult.Ok;
    }
    /** Downstream resumes reading; Upstream is Unimplemented in Envoy; HTTP types do nothing here. */
    continueStream(type) {
        if (type > StreamType.Upstream)
            return WasmResult.BadArgument;
        this.state.continued.push({ streamType: type, callback: this.vm.currentCallback });
        if (type === StreamType.Upstream)
            return WasmResult.Unimplemented;
        if (type === StreamType.Downstream)
            this.vm.defer(() => this.driver.resumeDownstream());
        return WasmResult.Ok;
    }
    /**
     * Downstream and Upstream both close the (downstream) connection with FlushWrite: a network
     * filter only holds that connection. The connection stops forwarding at once; the close
     * callbacks run after the current callback returns.
     */
    closeStream(type) {
        if (type > StreamType.Upstream)
            return WasmResult.BadArgument;
        this.state.closed.push({ streamType: type, callback: this.vm.currentCallback });
        if ((type === StreamType.Downstream || type === StreamType.Upstream) && !this.state.closing) {
            this.state.closing = true;
            this.vm.defer(() => this.driver.closeByFilter());
        }
        return WasmResult.Ok;
    }
}
