/**
 * A plugin: one root context of a VM, created the way Envoy creates it for a filter config.
 *
 * ```
 * Host ── loadVm() ──> Vm (one worker's instance)
 *                        └─ createPlugin() ──> Plugin (root context, id ≥ 1)
 *                                                └─ newHttpStream() ──> HttpStream (context per request)
 * ```
 */
import { WasmResult } from "./abi/enums.ts";
import { AttributeNode } from "./attributes.ts";
import { HostContext } from "./context.ts";
import { HttpStream, type HttpStreamOptions } from "./http-stream.ts";
import { TcpStream, type TcpStreamOptions } from "./tcp-stream.ts";
import type { LogEntry } from "./logs.ts";
import type { Vm } from "./vm.ts";
/** Options of {@link Vm.createPlugin}: the Envoy `PluginConfig`. */
export interface PluginOptions {
    /** `PluginConfig.root_id`; default "". */
    rootId?: string;
    /** `PluginConfig.configuration`; objects are JSON-encoded. Readable as buffer PluginConfiguration (7). */
    configuration?: string | Uint8Array | object;
    /** `PluginConfig.name`; defaults to the VM name. */
    name?: string;
    /**
     * `PluginConfig.allow_on_headers_stop_iteration` (default false). When true, a headers
     * StopIteration (1) stops only the headers: body chunks and trailers still reach the filter
     * (which may buffer them with StopIterationAndBuffer); when false it is
     * StopAllIterationAndWatermark and body and trailers wait for proxy_continue_stream (§3).
     */
    allowOnHeadersStopIteration?: boolean;
}
/** Lifecycle state of a root context. */
export type PluginState = "active" | "done-pending" | "deleted";
/** The `plugin_*` attributes every context of a plugin sees. */
export declare function pluginAttributes(plugin: Plugin): AttributeNode;
export declare class Plugin {
    #private;
    /** The VM instance this plugin lives in. */
    readonly vm: Vm;
    private readonly options;
    /** `PluginConfig.name`. */
    readonly name: string;
    /** `PluginConfig.root_id`. */
    readonly rootId: string;
    /** The plugin configuration bytes. */
    readonly configuration: Uint8Array;
    /** The root context id (≥ 1). */
    readonly contextId: number;
    /** `PluginConfig.allow_on_headers_stop_iteration`. */
    readonly allowOnHeadersStopIteration: boolean;
    private constructor();
    /** @internal Creates the root context like Envoy; use {@link Vm.createPlugin}. */
    static create(vm: Vm, options: PluginOptions): Plugin;
    /** @internal The root context host functions act on during this plugin's callbacks. */
    get context(): HostContext;
    /** `active`, `done-pending` (on_done returned false and proxy_done was not called) or `deleted`. */
    get state(): PluginState;
    /**
     * Starts an HTTP stream on this plugin. The stream's context is created at its first request
     * headers, as in Envoy.
     */
    newHttpStream(options?: HttpStreamOptions): HttpStream;
    /**
     * Accepts a TCP connection on this plugin (a network filter before tcp_proxy):
     * `on_context_create` and `on_new_connection` run now; drive it with the returned stream.
     */
    newTcpStream(options?: TcpStreamOptions): TcpStream;
    /**
     * Applies a new plugin configuration like an xDS update: a new root context is created in the
     * same VM (on_context_create, on_vm_start, on_configure). Returns the new plugin, or throws
     * {@link ConfigureRejected} (Envoy NACKs and keeps the old one). The old plugin stays active
     * so streams in flight can finish; call {@link shutdown} on it when they are done.
     */
    reconfigure(configuration: PluginOptions["configuration"]): Plugin;
    /**
     * Removes the plugin like Envoy: `proxy_on_done(root)`; when it returns true (or is absent),
     * `proxy_on_delete(root)`. When it returns false the root context stays `done-pending`.
     * Returns true when the context was deleted.
     */
    shutdown(): boolean;
    /**
     * @internal `proxy_done` from this root context: when it is `done-pending`, `proxy_on_delete`
     * runs after the current callback returns (Ok); otherwise NotFound, as in cpp-host.
     */
    finishDone(): WasmResult;
    /**
     * Calls the plugin's `proxy_on_foreign_function(root, functionId, args.length)` as Envoy does
     * for host-initiated calls (e.g. DNS results), with `args` readable as buffer CallData (8).
     */
    foreignFunction(functionId: number, args?: string | Uint8Array): void;
    /** Log records of this plugin's contexts (root and streams). */
    get logs(): LogEntry[];
}
