/**
 * One instance of a proxy-wasm module: what one Envoy worker thread runs.
 *
 * The VM owns the instance, its memory and allocator, the context the guest is currently
 * running in, and the failure state. Plugins (root contexts) and streams call into the guest
 * through {@link Vm.call}, which converts traps into {@link FilterTrap} and fails the VM.
 */
import { LogLevel } from "./abi/enums.ts";
import { AttributeNode } from "./attributes.ts";
import { type HostContext } from "./context.ts";
import { FilterTrap } from "./errors.ts";
import type { Host } from "./host.ts";
import type { AbiVersion } from "./imports/registry.ts";
import { type LogEntry } from "./logs.ts";
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
export declare class Vm {
    #private;
    /** The host this VM runs in. */
    readonly host: Host;
    /** Name used in errors and logs. */
    readonly name: string;
    /** Envoy vm_id (keys shared data and queues). */
    readonly vmId: string;
    /** The VM configuration bytes (buffer 6). */
    readonly configuration: Uint8Array;
    /** Environment variables served through WASI. */
    readonly environment: Readonly<Record<string, string>>;
    /** The ABI version selected by the module's marker export. */
    readonly abiVersion: AbiVersion;
    /** Allocator calls the host made to return data to the guest. */
    readonly allocations: {
        count: number;
        bytes: number;
    };
    /** Calls to host functions that are still stubs (they returned Unimplemented). */
    readonly unimplementedCalls: UnimplementedCall[];
    /** The trap that failed this VM, if any. */
    failure: FilterTrap | undefined;
    /** @internal */ phase: VmPhase;
    /** @internal the context host functions act on. */ currentContext: HostContext;
    /** @internal the guest export currently running. */ currentCallback: string | undefined;
    /** @internal */ memory: GuestMemory;
    private constructor();
    /**
     * Loads, links and starts a module like cpp-host: checks the ABI marker, the allocator and
     * every import/export signature, instantiates, then runs `_initialize` + `main`/`__main_void`
     * (or `_start`) with restricted host calls. Throws {@link VmLoadError} or {@link FilterTrap}.
     * @internal use {@link Host.loadVm}.
     */
    static load(host: Host, bytes: Uint8Array, name: string, options: VmOptions): Promise<Vm>;
    /** True once a callback trapped; Envoy sends no further callbacks to a failed VM. */
    get failed(): boolean;
    /** Whether the module exports `name`. */
    hasExport(name: string): boolean;
    /** Current linear memory size in bytes. */
    memoryBytes(): number;
    /**
     * Calls the optional guest export `envoy_as_host_blocks_in_use` (exported by the envoy-as
     * SDK): the number of host-written blocks the guest has not yet taken ownership of. Returns
     * undefined when the module does not export it.
     */
    hostBlocksInUse(): number | undefined;
    /**
     * Creates a plugin (root context) like Envoy: `proxy_on_context_create(root, 0)`,
     * `proxy_on_vm_start`, `proxy_on_configure`. Throws {@link ConfigureRejected} when either
     * returns false, {@link FilterTrap} when one traps.
     */
    createPlugin(options?: PluginOptions): Plugin;
    /** The log records of this VM. */
    get logs(): LogEntry[];
    /** @internal allocates the next context id (ids start at 1 per VM instance). */
    nextContextId(): number;
    /**
     * @internal Calls guest export `callback` with `ctx` as the current context. Returns the
     * result (undefined when the export is absent or returns nothing). A trap fails the VM and
     * throws {@link FilterTrap}; calling a failed VM throws {@link VmFailedError}.
     */
    call(callback: string, ctx: HostContext, args: number[]): number | undefined;
    /** @internal Records a guest log line (subject to the host's level) and notices SDK aborts. */
    log(level: LogLevel, message: string): void;
    /** @internal Records an abort's message and location for the trap that follows. */
    recordAbort(message: string, location: string | undefined): void;
    /** @internal Records a call to a stubbed host function. */
    recordUnimplemented(name: string): void;
    /** @internal Queues work Envoy would run after the current callback returns. */
    defer(action: () => void): void;
    /** @internal Runs queued deferred work (continue_stream, local replies) in order. */
    drainDeferred(): void;
    /** @internal The attributes every context sees: host-level properties. */
    baseAttributes(): AttributeNode;
}
