/**
 * One instance of a proxy-wasm module: what one Envoy worker thread runs.
 *
 * The VM owns the instance, its memory and allocator, the context the guest is currently
 * running in, and the failure state. Plugins (root contexts) and streams call into the guest
 * through {@link Vm.call}, which converts traps into {@link FilterTrap} and fails the VM.
 */
import { LogLevel } from "./abi/enums.ts";
import { ABI_MARKERS, type AbiVersion, EXPORT_SIGNATURES } from "./abi/exports.ts";
import { type ModuleInfo, readModuleInfo } from "./abi/module-info.ts";
import { toBytes } from "./abi/pairs.ts";
import { AttributeNode } from "./attributes.ts";
import { type HostContext, VmContext } from "./context.ts";
import { FilterTrap, HostTrap, VmFailedError, VmLoadError } from "./errors.ts";
import type { HostServices } from "./host-services.ts";
import { type LogEntry, logLevelName, parseAbortLine } from "./logs.ts";
import { GuestMemory } from "./memory.ts";
import { Plugin, type PluginOptions } from "./plugin.ts";

/** Options of {@link Host.loadVm}. */
export interface VmOptions {
  /** Name used in errors and log records; defaults to the file's base name (or "wasm"). */
  name?: string;
  /** Envoy `vm_config.vm_id`; defaults to "". */
  vmId?: string;
  /** Envoy `vm_config.configuration`, readable as buffer VmConfiguration (6). */
  vmConfiguration?: string | Uint8Array;
  /** Envoy `vm_config.environment_variables`, served through WASI environ_*. */
  environment?: Record<string, string>;
}

/** What the guest is doing: host calls are restricted during start-up and allocation. */
export type VmPhase = "idle" | "start" | "callback" | "alloc";

/** A call to a host function the emulator does not implement yet. */
export interface UnimplementedCall {
  name: string;
  contextId: number;
}

type GuestFunction = (...args: number[]) => number | undefined;

/**
 * Builds the import object of one VM from the module's declared imports (imports/index.ts's
 * linkImports). Handed to {@link Vm.load} by the host, so the VM does not depend on the host
 * functions, which depend on it.
 */
export type ImportLinker = (vm: Vm, info: ModuleInfo, abi: AbiVersion) => WebAssembly.Imports;

export class Vm {
  /** Allocator calls the host made to return data to the guest. */
  readonly allocations = { count: 0, bytes: 0 };
  /** Calls to host functions that are still stubs (they returned Unimplemented). */
  readonly unimplementedCalls: UnimplementedCall[] = [];
  /** The trap that failed this VM, if any. */
  failure: FilterTrap | undefined;

  /** @internal */ phase: VmPhase = "idle";
  /** @internal the context host functions act on. */ currentContext: HostContext;
  /** @internal the guest export currently running. */ currentCallback: string | undefined;
  /** @internal */ memory!: GuestMemory;

  readonly #vmContext: VmContext;
  #exports: Record<string, GuestFunction> = {};
  #allocator!: GuestFunction;
  #lastAbort: { message: string; location?: string } | undefined;
  #nextContextId = 1;
  #deferred: (() => void)[] = [];

  private constructor(
    /** The host this VM runs in. */
    readonly host: HostServices,
    /** Name used in errors and logs. */
    readonly name: string,
    /** Envoy vm_id (keys shared data and queues). */
    readonly vmId: string,
    /** The VM configuration bytes (buffer 6). */
    readonly configuration: Uint8Array,
    /** Environment variables served through WASI. */
    readonly environment: Readonly<Record<string, string>>,
    /** The ABI version selected by the module's marker export. */
    readonly abiVersion: AbiVersion,
  ) {
    this.#vmContext = new VmContext(this, 0);
    this.currentContext = this.#vmContext;
  }

  /**
   * Loads, links and starts a module like cpp-host: checks the ABI marker, the allocator and
   * every import/export signature, instantiates, then runs `_initialize` + `main`/`__main_void`
   * (or `_start`) with restricted host calls; `link` builds the import object. Throws
   * {@link VmLoadError} or {@link FilterTrap}.
   * @internal use {@link Host.loadVm}.
   */
  static async load(host: HostServices, bytes: Uint8Array, name: string, options: VmOptions, link: ImportLinker): Promise<Vm> {
    let info;
    try {
      info = readModuleInfo(bytes);
    } catch (e) {
      throw new VmLoadError(name, `cannot parse module: ${(e as Error).message}`, { cause: e });
    }
    const marker = ABI_MARKERS.find(([exportName]) => info.functionExports.has(exportName));
    if (!marker) throw new VmLoadError(name, "missing ABI version export (proxy_abi_version_0_2_0 or proxy_abi_version_0_2_1)");
    if (marker[1] === "0.1.0") throw new VmLoadError(name, "unsupported ABI version 0.1.0: the emulator runs 0.2.0 and 0.2.1");
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
    let imports: WebAssembly.Imports;
    try {
      imports = link(vm, info, vm.abiVersion);
    } catch (e) {
      throw new VmLoadError(name, (e as Error).message, { cause: e });
    }
    let module: WebAssembly.Module;
    try {
      module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw new VmLoadError(name, `cannot compile: ${(e as Error).message}`, { cause: e });
    }
    let instance: WebAssembly.Instance;
    try {
      vm.phase = "start"; // a wasm start section runs during instantiation
      instance = await WebAssembly.instantiate(module, imports);
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError || e instanceof HostTrap) throw vm.#toTrap("start section", undefined, e);
      throw new VmLoadError(name, `cannot instantiate: ${(e as Error).message}`, { cause: e });
    } finally {
      vm.phase = "idle";
    }
    const memory = instance.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new VmLoadError(name, "missing memory export");
    vm.#exports = instance.exports as Record<string, GuestFunction>;
    vm.#allocator = vm.#exports.malloc ?? vm.#exports.proxy_on_memory_allocate;
    vm.memory = new GuestMemory(memory, (size) => vm.#allocate(size));
    vm.#start();
    return vm;
  }

  #start(): void {
    const run = (fn: string, ...args: number[]) => this.#invoke(fn, this.#vmContext, args, "start");
    if (this.#exports._initialize) {
      run("_initialize");
      if (this.#exports.main) run("main", 0, 0);
      else if (this.#exports.__main_void) run("__main_void");
    } else if (this.#exports._start) {
      run("_start");
    }
  }

  /** True once a callback trapped; Envoy sends no further callbacks to a failed VM. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Whether the module exports `name`. */
  hasExport(name: string): boolean {
    return typeof this.#exports[name] === "function";
  }

  /** Current linear memory size in bytes. */
  memoryBytes(): number {
    return this.memory.size;
  }

  /**
   * Calls the optional guest export `envoy_as_host_blocks_in_use` (exported by the envoy-as
   * SDK): the number of host-written blocks the guest has not yet taken ownership of. Returns
   * undefined when the module does not export it.
   */
  hostBlocksInUse(): number | undefined {
    if (!this.hasExport("envoy_as_host_blocks_in_use")) return undefined;
    return this.call("envoy_as_host_blocks_in_use", this.#vmContext, []);
  }

  /**
   * Creates a plugin (root context) like Envoy: `proxy_on_context_create(root, 0)`,
   * `proxy_on_vm_start`, `proxy_on_configure`. Throws {@link ConfigureRejected} when either
   * returns false, {@link FilterTrap} when one traps.
   */
  createPlugin(options: PluginOptions = {}): Plugin {
    return Plugin.create(this, options);
  }

  /** The log records of this VM. */
  get logs(): LogEntry[] {
    return this.host.logs.filter((entry) => entry.vm === this.name);
  }

  // ----- internal API used by plugins, streams and host functions -------------------------------

  /** @internal allocates the next context id (ids start at 1 per VM instance). */
  nextContextId(): number {
    return this.#nextContextId++;
  }

  /**
   * @internal Calls guest export `callback` with `ctx` as the current context. Returns the
   * result (undefined when the export is absent or returns nothing). A trap fails the VM and
   * throws {@link FilterTrap}; calling a failed VM throws {@link VmFailedError}.
   */
  call(callback: string, ctx: HostContext, args: number[]): number | undefined {
    if (!this.hasExport(callback)) {
      if (this.failure) throw new VmFailedError(this.name, this.failure);
      return undefined;
    }
    return this.#invoke(callback, ctx, args, "callback");
  }

  #invoke(callback: string, ctx: HostContext, args: number[], phase: VmPhase): number | undefined {
    if (this.failure) throw new VmFailedError(this.name, this.failure);
    const saved = { ctx: this.currentContext, callback: this.currentCallback, phase: this.phase, abort: this.#lastAbort };
    this.currentContext = ctx;
    this.currentCallback = callback;
    this.phase = phase;
    this.#lastAbort = undefined;
    try {
      const result = this.#exports[callback](...args);
      return typeof result === "number" ? result : undefined;
    } catch (e) {
      throw this.#toTrap(callback, ctx, e);
    } finally {
      this.currentContext = saved.ctx;
      this.currentCallback = saved.callback;
      this.phase = saved.phase;
      this.#lastAbort = saved.abort;
    }
  }

  /** Converts anything thrown out of the guest into the VM's FilterTrap and fails the VM. */
  #toTrap(callback: string, ctx: HostContext | undefined, error: unknown): FilterTrap {
    if (error instanceof FilterTrap) return error;
    if (this.failure) return this.failure;
    const filter = ctx?.pluginName ?? this.name;
    const abort = this.#lastAbort;
    let message: string;
    if (abort) message = abort.message;
    else if (error instanceof WebAssembly.RuntimeError || error instanceof HostTrap || error instanceof RangeError) message = error.message;
    else message = `host function threw: ${error instanceof Error ? error.message : String(error)}`;
    const location = abort?.location ?? (error instanceof HostTrap ? error.location : undefined);
    this.failure = new FilterTrap(filter, callback, message, location, { cause: error });
    return this.failure;
  }

  #allocate(size: number): number {
    const saved = this.phase;
    this.phase = "alloc";
    try {
      const ptr = this.#allocator(size) ?? 0;
      this.allocations.count++;
      this.allocations.bytes += size;
      return ptr;
    } finally {
      this.phase = saved;
    }
  }

  /** @internal Records a guest log line (subject to the host's level) and notices SDK aborts. */
  log(level: LogLevel, message: string): void {
    const ctx = this.currentContext;
    if (level === LogLevel.Critical) {
      const abort = parseAbortLine(message);
      if (abort) this.#lastAbort = abort;
    }
    if (level < this.host.logLevel) return;
    this.host.recordLog({ level, levelName: logLevelName(level), message, contextId: ctx.id, vm: this.name, plugin: ctx.pluginName });
  }

  /** @internal Records an abort's message and location for the trap that follows. */
  recordAbort(message: string, location: string | undefined): void {
    this.#lastAbort = { message, location };
  }

  /** @internal Records a call to a stubbed host function. */
  recordUnimplemented(name: string): void {
    this.unimplementedCalls.push({ name, contextId: this.currentContext.id });
  }

  /** @internal Queues work Envoy would run after the current callback returns. */
  defer(action: () => void): void {
    this.#deferred.push(action);
  }

  /** @internal Runs queued deferred work (continue_stream, local replies) in order. */
  drainDeferred(): void {
    while (this.#deferred.length && !this.failure) this.#deferred.shift()!();
    this.#deferred.length = 0;
  }

  /** @internal The attributes every context sees: host-level properties. */
  baseAttributes(): AttributeNode {
    return new AttributeNode({ plugin_vm_id: this.vmId }).apply(this.host.properties);
  }
}
