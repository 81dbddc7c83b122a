/**
 * The host's view of a guest context (VM, root/plugin, or HTTP stream).
 *
 * Host functions act on the VM's current context and ask it for buffers, header maps,
 * properties and stream control. The base class answers like Envoy does for a context that has
 * none of those (e.g. a root context): NotFound / BadArgument / "does nothing".
 */
import { BufferType, MapType, StreamType, WasmResult } from "./abi/enums.ts";
import type { Pairs } from "./abi/pairs.ts";
import { AttributeNode, lookupAttribute } from "./attributes.ts";
import { findContext } from "./context-registry.ts";
import type { Vm } from "./vm.ts";

/**
 * Maps Envoy reads from the ROOT context whichever context is current or effective
 * (`rootContext()->http_call_response_`, `rootContext()->grpc_receive_*`): SDKs that make the
 * originating stream effective before reading a callout's answer (Go, Rust) find it there.
 */
const ROOT_MAPS: ReadonlySet<MapType> = new Set([
  MapType.HttpCallResponseHeaders,
  MapType.HttpCallResponseTrailers,
  MapType.GrpcReceiveInitialMetadata,
  MapType.GrpcReceiveTrailingMetadata,
]);

/** Buffers Envoy reads from the root context likewise: an HTTP-call response body, a gRPC message. */
const ROOT_BUFFERS: ReadonlySet<BufferType> = new Set([BufferType.HttpCallResponseBody, BufferType.GrpcReceiveBuffer]);

/** A buffer a host function may read and (unless read-only) modify. */
export interface BufferRef {
  /** The current contents. */
  get(): Uint8Array;
  /** Replaces the contents; absent for read-only buffers (set_buffer_bytes gives BadArgument). */
  set?(bytes: Uint8Array): void;
}

/** A local reply requested with `proxy_send_local_response`, already normalized. */
export interface LocalReplyRequest {
  status: number;
  details: string;
  body: Uint8Array;
  headers: Pairs;
  /** 0–16, or undefined when the guest passed a value outside that range (no grpc-status). */
  grpcStatus: number | undefined;
}

/** Maps and buffers that exist only while one root callback runs (an HTTP-call response, foreign-function arguments). */
export interface CallbackData {
  maps?: ReadonlyMap<MapType, Pairs>;
  buffers?: ReadonlyMap<BufferType, Uint8Array>;
}

/** The status `proxy_get_status` reports (code 11 "reset" after a failed HTTP call). */
export interface HostStatus {
  code: number;
  message: string;
}

/** Base class of every context the host tracks. */
export abstract class HostContext {
  /** "vm" is the internal context 0 current during start-up. */
  abstract readonly kind: "vm" | "root" | "http" | "tcp";
  /** The root context's last status for `proxy_get_status` (set on root contexts only). */
  status: HostStatus = { code: 0, message: "" };
  #callbackData: CallbackData | undefined;

  constructor(
    readonly vm: Vm,
    /** The context id the guest sees (0 for the VM context). */
    readonly id: number,
  ) {}

  /** The plugin this context belongs to, for log records and error messages. */
  get pluginName(): string | undefined {
    return undefined;
  }

  /** True during `proxy_on_log`: unavailable maps then give NotFound instead of BadArgument. */
  get accessLogPhase(): boolean {
    return false;
  }

  /**
   * The root context id whose timer, HTTP calls and queues this context uses: its own for a
   * root, its plugin's for a stream; undefined for the VM context.
   */
  get rootContextId(): number | undefined {
    return undefined;
  }

  /**
   * Runs `run` (a guest callback) with `data`'s maps and buffers readable from this context,
   * as Envoy exposes an HTTP-call response only inside `proxy_on_http_call_response`.
   */
  withCallbackData<T>(data: CallbackData, run: () => T): T {
    const saved = this.#callbackData;
    this.#callbackData = data;
    try {
      return run();
    } finally {
      this.#callbackData = saved;
    }
  }

  /** The maps and buffers of the root callback running on this context, if any. */
  get callbackData(): CallbackData | undefined {
    return this.#callbackData;
  }

  /** The callback data root-scoped maps and buffers come from: this context's root's (or its own). */
  #rootCallbackData(): CallbackData | undefined {
    const rootId = this.rootContextId;
    if (rootId === undefined || rootId === this.id) return this.#callbackData;
    return this.#callbackData ?? findContext(this.vm, rootId)?.callbackData;
  }

  /** Returns the buffer of `type` if it is available now (else the call gives NotFound). */
  getBuffer(type: BufferType): BufferRef | undefined {
    if (type === BufferType.VmConfiguration) {
      const vm = this.vm;
      return { get: () => vm.configuration };
    }
    const data = ROOT_BUFFERS.has(type) ? this.#rootCallbackData() : this.#callbackData;
    const scoped = data?.buffers?.get(type);
    if (scoped) return { get: () => scoped };
    return undefined;
  }

  /**
   * Returns the header map of `type` if available now. `mutable` mirrors Envoy's getMap vs
   * getConstMap: some maps are readable but not writable (e.g. in `on_log`).
   */
  getMap(type: MapType, _mutable: boolean): Pairs | undefined {
    const data = ROOT_MAPS.has(type) ? this.#rootCallbackData() : this.#callbackData;
    return data?.maps?.get(type);
  }

  /** `proxy_done`: only a root context whose `on_done` returned false may finish; else NotFound. */
  finishDone(): WasmResult {
    return WasmResult.NotFound;
  }

  /** The foreign function `clear_route_cache`: does nothing outside an HTTP stream. */
  clearRouteCache(): void {}

  /** The attribute tree this context resolves `proxy_get_property` against. */
  attributes(): AttributeNode {
    return this.vm.baseAttributes();
  }

  /** `proxy_get_property`: the serialized value or a WasmResult. */
  getProperty(segments: string[]): Uint8Array | WasmResult {
    return lookupAttribute(this.attributes(), segments);
  }

  /** `proxy_set_property`: Envoy returns NotFound when there is no stream. */
  setProperty(_path: string, _value: Uint8Array): WasmResult {
    return WasmResult.NotFound;
  }

  /** `proxy_continue_stream`: without a stream, Request/Response/Downstream do nothing. */
  continueStream(type: number): WasmResult {
    if (type === StreamType.Upstream) return WasmResult.Unimplemented;
    return type > StreamType.Upstream ? WasmResult.BadArgument : WasmResult.Ok;
  }

  /** `proxy_close_stream`: without a stream, every valid type does nothing. */
  closeStream(type: number): WasmResult {
    return type > StreamType.Upstream ? WasmResult.BadArgument : WasmResult.Ok;
  }

  /** `proxy_send_local_response`: outside an HTTP stream Envoy silently does nothing. */
  sendLocalResponse(_reply: LocalReplyRequest): void {}
}

/** Context 0: current while `_initialize` / `_start` run. */
export class VmContext extends HostContext {
  readonly kind = "vm" as const;
}
