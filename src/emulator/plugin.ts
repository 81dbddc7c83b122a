/**
 * A plugin: one root context of a VM, created the way Envoy creates it for a filter config.
 *
 * ```
 * Host ── loadVm() ──> Vm (one worker's instance)
 *                        └─ createPlugin() ──> Plugin (root context, id ≥ 1)
 *                                                └─ newHttpStream() ──> HttpStream (context per request)
 * ```
 */
import { BufferType, LogLevel, WasmResult } from "./abi/enums.ts";
import { toBytes } from "./abi/pairs.ts";
import { type AttributeNode, pluginAttributes } from "./attributes.ts";
import { type BufferRef, HostContext } from "./context.ts";
import { registerContext, unregisterContext } from "./context-registry.ts";
import { ConfigureRejected } from "./errors.ts";
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

/** The host side of a root context: what host functions see while the plugin's callbacks run (SDK: RootContext). */
class HostRootContext extends HostContext {
  readonly kind = "root" as const;
  constructor(
    vm: Vm,
    id: number,
    private readonly plugin: Plugin,
  ) {
    super(vm, id);
  }

  override get pluginName(): string {
    return this.plugin.name;
  }

  override get rootContextId(): number {
    return this.id;
  }

  override finishDone(): WasmResult {
    return this.plugin.finishDone();
  }

  /** Plugin configuration is readable only in root `on_context_create` / `on_configure` (§6). */
  override getBuffer(type: BufferType): BufferRef | undefined {
    if (type === BufferType.PluginConfiguration) {
      const cb = this.vm.currentCallback;
      if (cb !== "proxy_on_context_create" && cb !== "proxy_on_configure") return undefined;
      const config = this.plugin.configuration;
      return { get: () => config };
    }
    return super.getBuffer(type);
  }

  override attributes(): AttributeNode {
    return pluginAttributes(this.plugin).apply(this.vm.host.properties);
  }
}

export class Plugin {
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
  #state: PluginState = "active";
  readonly #context: HostRootContext;

  private constructor(
    /** The VM instance this plugin lives in. */
    readonly vm: Vm,
    private readonly options: PluginOptions,
  ) {
    this.name = options.name ?? vm.name;
    this.rootId = options.rootId ?? "";
    this.allowOnHeadersStopIteration = options.allowOnHeadersStopIteration ?? false;
    const config = options.configuration ?? "";
    this.configuration = typeof config === "string" || config instanceof Uint8Array ? toBytes(config) : toBytes(JSON.stringify(config));
    this.contextId = vm.nextContextId();
    this.#context = new HostRootContext(vm, this.contextId, this);
  }

  /** @internal Creates the root context like Envoy; use {@link Vm.createPlugin}. */
  static create(vm: Vm, options: PluginOptions): Plugin {
    const plugin = new Plugin(vm, options);
    const ctx = plugin.#context;
    const id = plugin.contextId;
    const firstLog = vm.host.logs.length;
    const rejected = (callback: string) =>
      new ConfigureRejected(
        plugin.name,
        callback,
        vm.host.logs
          .slice(firstLog)
          .filter((e) => e.vm === vm.name && e.level >= LogLevel.Error)
          .map((e) => `[${e.levelName}] ${e.message}`),
      );
    registerContext(ctx);
    try {
      vm.call("proxy_on_context_create", ctx, [id, 0]);
      if ((vm.call("proxy_on_vm_start", ctx, [id, vm.configuration.length]) ?? 1) === 0) throw rejected("proxy_on_vm_start");
      if ((vm.call("proxy_on_configure", ctx, [id, plugin.configuration.length]) ?? 1) === 0) throw rejected("proxy_on_configure");
    } finally {
      vm.drainDeferred();
    }
    return plugin;
  }

  /** @internal The root context host functions act on during this plugin's callbacks. */
  get context(): HostContext {
    return this.#context;
  }

  /** `active`, `done-pending` (on_done returned false and proxy_done was not called) or `deleted`. */
  get state(): PluginState {
    return this.#state;
  }

  /**
   * Starts an HTTP stream on this plugin. The stream's context is created at its first request
   * headers, as in Envoy.
   */
  newHttpStream(options: HttpStreamOptions = {}): HttpStream {
    if (this.#state !== "active") throw new Error(`plugin ${this.name} is ${this.#state}; it accepts no new streams`);
    return new HttpStream(this, options);
  }

  /**
   * Accepts a TCP connection on this plugin (a network filter before tcp_proxy):
   * `on_context_create` and `on_new_connection` run now; drive it with the returned stream.
   */
  newTcpStream(options: TcpStreamOptions = {}): TcpStream {
    if (this.#state !== "active") throw new Error(`plugin ${this.name} is ${this.#state}; it accepts no new connections`);
    return new TcpStream(this, options);
  }

  /**
   * Applies a new plugin configuration like an xDS update: a new root context is created in the
   * same VM (on_context_create, on_vm_start, on_configure). Returns the new plugin, or throws
   * {@link ConfigureRejected} (Envoy NACKs and keeps the old one). The old plugin stays active
   * so streams in flight can finish; call {@link shutdown} on it when they are done.
   */
  reconfigure(configuration: PluginOptions["configuration"]): Plugin {
    return Plugin.create(this.vm, { ...this.options, configuration });
  }

  /**
   * Removes the plugin like Envoy: `proxy_on_done(root)`; when it returns true (or is absent),
   * `proxy_on_delete(root)`. When it returns false the root context stays `done-pending`.
   * Returns true when the context was deleted.
   */
  shutdown(): boolean {
    if (this.#state !== "active") return this.#state === "deleted";
    try {
      const done = (this.vm.call("proxy_on_done", this.#context, [this.contextId]) ?? 1) !== 0;
      if (!done) {
        this.#state = "done-pending";
        return false;
      }
      this.#delete();
      return true;
    } finally {
      this.vm.drainDeferred();
    }
  }

  #delete(): void {
    this.#state = "deleted";
    try {
      this.vm.call("proxy_on_delete", this.#context, [this.contextId]);
    } finally {
      unregisterContext(this.#context);
    }
  }

  /**
   * @internal `proxy_done` from this root context: when it is `done-pending`, `proxy_on_delete`
   * runs after the current callback returns (Ok); otherwise NotFound, as in cpp-host.
   */
  finishDone(): WasmResult {
    if (this.#state !== "done-pending") return WasmResult.NotFound;
    this.#state = "deleted";
    this.vm.defer(() => this.#delete());
    return WasmResult.Ok;
  }

  /**
   * Calls the plugin's `proxy_on_foreign_function(root, functionId, args.length)` as Envoy does
   * for host-initiated calls (e.g. DNS results), with `args` readable as buffer CallData (8).
   */
  foreignFunction(functionId: number, args: string | Uint8Array = ""): void {
    const data = toBytes(args);
    try {
      this.#context.withCallbackData({ buffers: new Map([[BufferType.CallData, data]]) }, () =>
        this.vm.call("proxy_on_foreign_function", this.#context, [this.contextId, functionId, data.length]),
      );
    } finally {
      this.vm.drainDeferred();
    }
  }

  /** Log records of this plugin's contexts (root and streams). */
  get logs(): LogEntry[] {
    return this.vm.logs.filter((e) => e.plugin === this.name);
  }
}
