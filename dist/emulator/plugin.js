/**
 * A plugin: one root context of a VM, created the way Envoy creates it for a filter config.
 *
 * ```
 * Host ── loadVm() ──> Vm (one worker's instance)
 *                        └─ createPlugin() ──> Plugin (root context, id ≥ 1)
 *                                                └─ newHttpStream() ──> HttpStream (context per request)
 * ```
 */
import { BufferType, LogLevel, WasmResult } from "./abi/enums.js";
import { toBytes } from "./abi/pairs.js";
import { AttributeNode } from "./attributes.js";
import { HostContext } from "./context.js";
import { registerContext, unregisterContext } from "./context-registry.js";
import { ConfigureRejected } from "./errors.js";
import { HttpStream } from "./http-stream.js";
import { TcpStream } from "./tcp-stream.js";
/** The host side of a root context. */
class RootContext extends HostContext {
    plugin;
    kind = "root";
    constructor(vm, id, plugin) {
        super(vm, id);
        this.plugin = plugin;
    }
    get pluginName() {
        return this.plugin.name;
    }
    get rootContextId() {
        return this.id;
    }
    finishDone() {
        return this.plugin.finishDone();
    }
    /** Plugin configuration is readable only in root `on_context_create` / `on_configure` (§6). */
    getBuffer(type) {
        if (type === BufferType.PluginConfiguration) {
            const cb = this.vm.currentCallback;
            if (cb !== "proxy_on_context_create" && cb !== "proxy_on_configure")
                return undefined;
            const config = this.plugin.configuration;
            return { get: () => config };
        }
        return super.getBuffer(type);
    }
    attributes() {
        return pluginAttributes(this.plugin).apply(this.vm.host.properties);
    }
}
/** The `plugin_*` attributes every context of a plugin sees. */
export function pluginAttributes(plugin) {
    return new AttributeNode({ plugin_name: plugin.name, plugin_root_id: plugin.rootId, plugin_vm_id: plugin.vm.vmId });
}
export class Plugin {
    vm;
    options;
    /** `PluginConfig.name`. */
    name;
    /** `PluginConfig.root_id`. */
    rootId;
    /** The plugin configuration bytes. */
    configuration;
    /** The root context id (≥ 1). */
    contextId;
    /** `PluginConfig.allow_on_headers_stop_iteration`. */
    allowOnHeadersStopIteration;
    #state = "active";
    #context;
    constructor(
    /** The VM instance this plugin lives in. */
    vm, options) {
        this.vm = vm;
        this.options = options;
        this.name = options.name ?? vm.name;
        this.rootId = options.rootId ?? "";
        this.allowOnHeadersStopIteration = options.allowOnHeadersStopIteration ?? false;
        const config = options.configuration ?? "";
        this.configuration = typeof config === "string" || config instanceof Uint8Array ? toBytes(config) : toBytes(JSON.stringify(config));
        this.contextId = vm.nextContextId();
        this.#context = new RootContext(vm, this.contextId, this);
    }
    /** @internal Creates the root context like Envoy; use {@link Vm.createPlugin}. */
    static create(vm, options) {
        const plugin = new Plugin(vm, options);
        const ctx = plugin.#context;
        const id = plugin.contextId;
        const firstLog = vm.host.logs.length;
        const rejected = (callback) => new ConfigureRejected(plugin.name, callback, vm.host.logs
            .slice(firstLog)
            .filter((e) => e.vm === vm.name && e.level >= LogLevel.Error)
            .map((e) => `[${e.levelName}] ${e.message}`));
        registerContext(ctx);
        try {
            vm.call("proxy_on_context_create", ctx, [id, 0]);
            if ((vm.call("proxy_on_vm_start", ctx, [id, vm.configuration.length]) ?? 1) === 0)
                throw rejected("proxy_on_vm_start");
            if ((vm.call("proxy_on_configure", ctx, [id, plugin.configuration.length]) ?? 1) === 0)
                throw rejected("proxy_on_configure");
        }
        finally {
            vm.drainDeferred();
        }
        return plugin;
    }
    /** @internal The root context host functions act on during this plugin's callbacks. */
    get context() {
        return this.#context;
    }
    /** `active`, `done-pending` (on_done returned false and proxy_done was not called) or `deleted`. */
    get state() {
        return this.#state;
    }
    /**
     * Starts an HTTP stream on this plugin. The stream's context is created at its first request
     * headers, as in Envoy.
     */
    newHttpStream(options = {}) {
        if (this.#state !== "active")
            throw new Error(`plugin ${this.name} is ${this.#state}; it accepts no new streams`);
        return new HttpStream(this, options);
    }
    /**
     * Accepts a TCP connection on this plugin (a network filter before tcp_proxy):
     * `on_context_create` and `on_new_connection` run now; drive it with the returned stream.
     */
    newTcpStream(options = {}) {
        if (this.#state !== "active")
            throw new Error(`plugin ${this.name} is ${this.#state}; it accepts no new connections`);
        return new TcpStream(this, options);
    }
    /**
     * Applies a new plugin configuration like an xDS update: a new root context is created in the
     * same VM (on_context_create, on_vm_start, on_configure). Returns the new plugin, or throws
     * {@link ConfigureRejected} (Envoy NACKs and keeps the old one). The old plugin stays active
     * so streams in flight can finish; call {@link shutdown} on it when they are done.
     */
    reconfigure(configuration) {
        return Plugin.create(this.vm, { ...this.options, configuration });
    }
    /**
     * Removes the plugin like Envoy: `proxy_on_done(root)`; when it returns true (or is absent),
     * `proxy_on_delete(root)`. When it returns false the root context stays `done-pending`.
     * Returns true when the context was deleted.
     */
    shutdown() {
        if (this.#state !== "active")
            return this.#state === "deleted";
        try {
            const done = (this.vm.call("proxy_on_done", this.#context, [this.contextId]) ?? 1) !== 0;
            if (!done) {
                this.#state = "done-pending";
                return false;
            }
            this.#delete();
            return true;
        }
        finally {
            this.vm.drainDeferred();
        }
    }
    #delete() {
        this.#state = "deleted";
        try {
            this.vm.call("proxy_on_delete", this.#context, [this.contextId]);
        }
        finally {
            unregisterContext(this.#context);
        }
    }
    /**
     * @internal `proxy_done` from this root context: when it is `done-pending`, `proxy_on_delete`
     * runs after the current callback returns (Ok); otherwise NotFound, as in cpp-host.
     */
    finishDone() {
        if (this.#state !== "done-pending")
            return WasmResult.NotFound;
        this.#state = "deleted";
        this.vm.defer(() => this.#delete());
        return WasmResult.Ok;
    }
    /**
     * Calls the plugin's `proxy_on_foreign_function(root, functionId, args.length)` as Envoy does
     * for host-initiated calls (e.g. DNS results), with `args` readable as buffer CallData (8).
     */
    foreignFunction(functionId, args = "") {
        const data = toBytes(args);
        try {
            this.#context.withCallbackData({ buffers: new Map([[BufferType.CallData, data]]) }, () => this.vm.call("proxy_on_foreign_function", this.#context, [this.contextId, functionId, data.length]));
        }
        finally {
            this.vm.drainDeferred();
        }
    }
    /** Log records of this plugin's contexts (root and streams). */
    get logs() {
        return this.vm.logs.filter((e) => e.plugin === this.name);
    }
}
