/**
 * One instance of a proxy-wasm module: what one Envoy worker thread runs.
 *
 * The VM owns the instance, its memory and allocator, the context the guest is currently
 * running in, and the failure state. Plugins (root contexts) and streams call into the guest
 * through {@link Vm.call}, which converts traps into {@link FilterTrap} and fails the VM.
 */
import { LogLevel } from "./abi/enums.js";
import { ABI_MARKERS, EXPORT_SIGNATURES } from "./abi/exports.js";
import { readModuleInfo } from "./abi/module-info.js";
import { toBytes } from "./abi/pairs.js";
import { AttributeNode } from "./attributes.js";
import { VmContext } from "./context.js";
import { FilterTrap, HostTrap, VmFailedError, VmLoadError } from "./errors.js";
import { linkImports } from "./imports/index.js";
import { logLevelName, parseAbortLine } from "./logs.js";
import { GuestMemory } from "./memory.js";
import { Plugin } from "./plugin.js";
export class Vm {
    host;
    name;
    vmId;
    configuration;
    environment;
    abiVersion;
    /** Allocator calls the host made to return data to the guest. */
    allocations = { count: 0, bytes: 0 };
    /** Calls to host functions that are still stubs (they returned Unimplemented). */
    unimplementedCalls = [];
    /** The trap that failed this VM, if any. */
    failure;
    /** @internal */ phase = "idle";
    /** @internal the context host functions act on. */ currentContext;
    /** @internal the guest export currently running. */ currentCallback;
    /** @internal */ memory;
    #vmContext;
    #exports = {};
    #allocator;
    #lastAbort;
    #nextContextId = 1;
    #deferred = [];
    constructor(
    /** The host this VM runs in. */
    host, 
    /** Name used in errors and logs. */
    name, 
    /** Envoy vm_id (keys shared data and queues). */
    vmId, 
    /** The VM configuration bytes (buffer 6). */
    configuration, 
    /** Environment variables served through WASI. */
    environment, 
    /** The ABI version selected by the module's marker export. */
    abiVersion) {
        this.host = host;
        this.name = name;
        this.vmId = vmId;
        this.configuration = configuration;
        this.environment = environment;
        this.abiVersion = abiVersion;
        this.#vmContext = new VmContext(this, 0);
        this.currentContext = this.#vmContext;
    }
    /**
     * Loads, links and starts a module like cpp-host: checks the ABI marker, the allocator and
     * every import/export signature, instantiates, then runs `_initialize` + `main`/`__main_void`
     * (or `_start`) with restricted host calls. Throws {@link VmLoadError} or {@link FilterTrap}.
     * @internal use {@link Host.loadVm}.
     */
    static async load(host, bytes, name, options) {
        let info;
        try {
            info = readModuleInfo(bytes);
        }
        catch (e) {
            throw new VmLoadError(name, `cannot parse module: ${e.message}`, { cause: e });
        }
        const marker = ABI_MARKERS.find(([exportName]) => info.functionExports.has(exportName));
        if (!marker)
            throw new VmLoadError(name, "missing ABI version export (proxy_abi_version_0_2_0 or proxy_abi_version_0_2_1)");
        if (marker[1] === "0.1.0")
            throw new VmLoadError(name, "unsupported ABI version 0.1.0: the emulator runs 0.2.0 and 0.2.1");
        for (const [exportName, signature] of info.functionExports) {
            const expected = EXPORT_SIGNATURES[exportName];
            if (expected !== undefined && expected !== signature) {
                throw new VmLoadError(name, `Bad function signature for: ${exportName} (module exports ${signature}, host expects ${expected})`);
            }
        }
        if (!info.functionExports.has("malloc") && !info.functionExports.has("proxy_on_memory_allocate")) {
            throw new VmLoadError(name, "missing allocator export: malloc or proxy_on_memory_allocate");
        }
        const vm = new Vm(host, name, options.vmId ?? "", toBytes(options.vmConfiguration ?? ""), { ...options.environment }, marker[1]);
        let imports;
        try {
            imports = linkImports(vm, info, vm.abiVersion);
        }
        catch (e) {
            throw new VmLoadError(name, e.message, { cause: e });
        }
        let module;
        try {
            module = await WebAssembly.compile(bytes);
        }
        catch (e) {
            throw new VmLoadError(name, `cannot compile: ${e.message}`, { cause: e });
        }
        let instance;
        try {
            vm.phase = "start"; // a wasm start section runs during instantiation
            instance = await WebAssembly.instantiate(module, imports);
        }
        catch (e) {
            if (e instanceof WebAssembly.RuntimeError || e instanceof HostTrap)
                throw vm.#toTrap("start section", undefined, e);
            throw new VmLoadError(name, `cannot instantiate: ${e.message}`, { cause: e });
        }
        finally {
            vm.phase = "idle";
        }
        const memory = instance.exports.memory;
        if (!(memory instanceof WebAssembly.Memory))
            throw new VmLoadError(name, "missing memory export");
        vm.#exports = instance.exports;
        vm.#allocator = vm.#exports.malloc ?? vm.#exports.proxy_on_memory_allocate;
        vm.memory = new GuestMemory(memory, (size) => vm.#allocate(size));
        vm.#start();
        return vm;
    }
    #start() {
        const run = (fn, ...args) => this.#invoke(fn, this.#vmContext, args, "start");
        if (this.#exports._initialize) {
            run("_initialize");
            if (this.#exports.main)
                run("main", 0, 0);
            else if (this.#exports.__main_void)
                run("__main_void");
        }
        else if (this.#exports._start) {
            run("_start");
        }
    }
    /** True once a callback trapped; Envoy sends no further callbacks to a failed VM. */
    get failed() {
        return this.failure !== undefined;
    }
    /** Whether the module exports `name`. */
    hasExport(name) {
        return typeof this.#exports[name] === "function";
    }
    /** Current linear memory size in bytes. */
    memoryBytes() {
        return this.memory.size;
    }
    /**
     * Calls the optional guest export `envoy_as_host_blocks_in_use` (exported by the envoy-as
     * SDK): the number of host-written blocks the guest has not yet taken ownership of. Returns
     * undefined when the module does not export it.
     */
    hostBlocksInUse() {
        if (!this.hasExport("envoy_as_host_blocks_in_use"))
            return undefined;
        return this.call("envoy_as_host_blocks_in_use", this.#vmContext, []);
    }
    /**
     * Creates a plugin (root context) like Envoy: `proxy_on_context_create(root, 0)`,
     * `proxy_on_vm_start`, `proxy_on_configure`. Throws {@link ConfigureRejected} when either
     * returns false, {@link FilterTrap} when one traps.
     */
    createPlugin(options = {}) {
        return Plugin.create(this, options);
    }
    /** The log records of this VM. */
    get logs() {
        return this.host.logs.filter((entry) => entry.vm === this.name);
    }
    // ----- internal API used by plugins, streams and host functions -------------------------------
    /** @internal allocates the next context id (ids start at 1 per VM instance). */
    nextContextId() {
        return this.#nextContextId++;
    }
    /**
     * @internal Calls guest export `callback` with `ctx` as the current context. Returns the
     * result (undefined when the export is absent or returns nothing). A trap fails the VM and
     * throws {@link FilterTrap}; calling a failed VM throws {@link VmFailedError}.
     */
    call(callback, ctx, args) {
        if (!this.hasExport(callback)) {
            if (this.failure)
                throw new VmFailedError(this.name, this.failure);
            return undefined;
        }
        return this.#invoke(callback, ctx, args, "callback");
    }
    #invoke(callback, ctx, args, phase) {
        if (this.failure)
            throw new VmFailedError(this.name, this.failure);
        const saved = { ctx: this.currentContext, callback: this.currentCallback, phase: this.phase, abort: this.#lastAbort };
        this.currentContext = ctx;
        this.currentCallback = callback;
        this.phase = phase;
        this.#lastAbort = undefined;
        try {
            const result = this.#exports[callback](...args);
            return typeof result === "number" ? result : undefined;
        }
        catch (e) {
            throw this.#toTrap(callback, ctx, e);
        }
        finally {
            this.currentContext = saved.ctx;
            this.currentCallback = saved.callback;
            this.phase = saved.phase;
            this.#lastAbort = saved.abort;
        }
    }
    /** Converts anything thrown out of the guest into the VM's FilterTrap and fails the VM. */
    #toTrap(callback, ctx, error) {
        if (error instanceof FilterTrap)
            return error;
        if (this.failure)
            return this.failure;
        const filter = ctx?.pluginName ?? this.name;
        const abort = this.#lastAbort;
        let message;
        if (abort)
            message = abort.message;
        else if (error instanceof WebAssembly.RuntimeError || error instanceof HostTrap || error instanceof RangeError)
            message = error.message;
        else
            message = `host function threw: ${error instanceof Error ? error.message : String(error)}`;
        const location = abort?.location ?? (error instanceof HostTrap ? error.location : undefined);
        this.failure = new FilterTrap(filter, callback, message, location, { cause: error });
        return this.failure;
    }
    #allocate(size) {
        const saved = this.phase;
        this.phase = "alloc";
        try {
            const ptr = this.#allocator(size) ?? 0;
            this.allocations.count++;
            this.allocations.bytes += size;
            return ptr;
        }
        finally {
            this.phase = saved;
        }
    }
    /** @internal Records a guest log line (subject to the host's level) and notices SDK aborts. */
    log(level, message) {
        const ctx = this.currentContext;
        if (level === LogLevel.Critical) {
            const abort = parseAbortLine(message);
            if (abort)
                this.#lastAbort = abort;
        }
        if (level < this.host.logLevel)
            return;
        this.host.recordLog({ level, levelName: logLevelName(level), message, contextId: ctx.id, vm: this.name, plugin: ctx.pluginName });
    }
    /** @internal Records an abort's message and location for the trap that follows. */
    recordAbort(message, location) {
        this.#lastAbort = { message, location };
    }
    /** @internal Records a call to a stubbed host function. */
    recordUnimplemented(name) {
        this.unimplementedCalls.push({ name, contextId: this.currentContext.id });
    }
    /** @internal Queues work Envoy would run after the current callback returns. */
    defer(action) {
        this.#deferred.push(action);
    }
    /** @internal Runs queued deferred work (continue_stream, local replies) in order. */
    drainDeferred() {
        while (this.#deferred.length && !this.failure)
            this.#deferred.shift()();
        this.#deferred.length = 0;
    }
    /** @internal The attributes every context sees: host-level properties. */
    baseAttributes() {
        return new AttributeNode({ plugin_vm_id: this.vmId }).apply(this.host.properties);
    }
}
