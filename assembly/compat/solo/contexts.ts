// proxy-runtime's context classes (BaseContext, RootContext, Context) and registerRootContext,
// run by the envoy-as dispatcher through adapters: each solo root is wrapped in an SDK
// RootContext, each solo Context in an SDK HttpContext or TcpContext (decided, like the SDK,
// by the connection's first callback). Callback names and signatures are proxy-runtime's.
import { DataAction, HeadersAction, NetworkAction, PeerType, TrailersAction } from "../../sdk/abi/enums";
import { setEffectiveContext } from "../../sdk/context";
import * as sdk from "../../sdk/contexts";
import { registerRootContext as sdkRegister } from "../../sdk/dispatcher";
import { PropertyPath } from "../../sdk/hostcalls/properties";
import { Headers } from "./headers";
import { soloHttpCall } from "./http-call";
import {
  FilterDataStatusValues, FilterHeadersStatusValues, FilterMetadataStatusValues, FilterStatusValues,
  FilterTrailersStatusValues, PeerTypeValues, WasmResultValues,
} from "./enums";

export abstract class BaseContext {
  constructor(public context_id: u32) {}
  /** Makes this context the one stream operations act on (e.g. from a root callback). */
  setEffectiveContext(): WasmResultValues {
    return <WasmResultValues><i32>setEffectiveContext(this.context_id);
  }
  /** The context is finishing; a root may return false to finish later. */
  onDone(): bool { return true; }
  /** Last call. */
  onDelete(): void {}
}

export class RootContext extends BaseContext {
  /** @internal the plugin configuration, captured in onConfigure. */
  configuration_: string = "";

  /** The plugin configuration as text (valid from onConfigure on). */
  getConfiguration(): string { return this.configuration_; }
  /** Return false to reject the configuration. */
  validateConfiguration(configuration_size: usize): bool { return true; }
  /** The plugin configuration arrived (read it with getConfiguration). Return false to reject it. */
  onConfigure(configuration_size: usize): bool { return true; }
  /** The VM started. */
  onStart(vm_configuration_size: usize): bool { return true; }
  /** Timer (set_tick_period_milliseconds). */
  onTick(): void {}
  /** A shared queue this root registered has data. */
  onQueueReady(token: u32): void {}
  /** Creates the context of a new stream or connection. Override. */
  createContext(context_id: u32): Context { return new Context(context_id, this); }

  /**
   * Sends an HTTP request to the Envoy cluster `cluster`; `cb` runs when the response arrives
   * (`headers` 0 when the call failed) with `origin_context` effective, so it can call
   * continue_request or send_local_response. Read the response with
   * `stream_context.headers.http_callback` and get_buffer_bytes(HttpCallResponseBody, …).
   * Returns the host's result; the callback never runs unless it is Ok.
   */
  httpCall(cluster: string, headers: Headers, body: ArrayBuffer, trailers: Headers, timeout_milliseconds: u32, origin_context: BaseContext,
    cb: (origin_context: Context, headers: u32, body_size: usize, trailers: u32) => void): WasmResultValues {
    return <WasmResultValues><i32>soloHttpCall(origin_context, cluster, headers, body, trailers, timeout_milliseconds, cb);
  }
}

export class Context extends BaseContext {
  constructor(context_id: u32, public root_context: RootContext) { super(context_id); }

  onNewConnection(): FilterStatusValues { return FilterStatusValues.Continue; }
  onDownstreamData(size: usize, end: bool): FilterStatusValues { return FilterStatusValues.Continue; }
  onUpstreamData(size: usize, end: bool): FilterStatusValues { return FilterStatusValues.Continue; }
  onDownstreamConnectionClose(t: PeerTypeValues): void {}
  onUpstreamConnectionClose(t: PeerTypeValues): void {}

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues { return FilterHeadersStatusValues.Continue; }
  onRequestMetadata(a: u32): FilterMetadataStatusValues { return FilterMetadataStatusValues.Continue; }
  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues { return FilterDataStatusValues.Continue; }
  onRequestTrailers(a: u32): FilterTrailersStatusValues { return FilterTrailersStatusValues.Continue; }
  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues { return FilterHeadersStatusValues.Continue; }
  onResponseMetadata(a: u32): FilterMetadataStatusValues { return FilterMetadataStatusValues.Continue; }
  onResponseBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues { return FilterDataStatusValues.Continue; }
  onResponseTrailers(s: u32): FilterTrailersStatusValues { return FilterTrailersStatusValues.Continue; }
  /** After the stream: headers still readable. */
  onLog(): void {}
}

// ---- adapters onto the SDK

/** @internal An SDK root running a solo root. */
export class SoloRoot extends sdk.RootContext {
  constructor(id: u32, public readonly solo: RootContext) { super(id); }
  onVmStart(vmConfiguration: sdk.Configuration): bool { return this.solo.onStart(<usize>vmConfiguration.size); }
  onConfigure(configuration: sdk.Configuration): bool {
    this.solo.configuration_ = configuration.toString();
    const size = <usize>configuration.size;
    return this.solo.validateConfiguration(size) && this.solo.onConfigure(size);
  }
  newHttpContext(contextId: u32): sdk.HttpContext { return new SoloHttp(contextId, this, this.solo.createContext(contextId)); }
  newTcpContext(contextId: u32): sdk.TcpContext { return new SoloTcp(contextId, this, this.solo.createContext(contextId)); }
  onTick(): void { this.solo.onTick(); }
  onDone(): bool { return this.solo.onDone(); }
  onDelete(): void { this.solo.onDelete(); }
}

/** @internal An SDK HTTP context running a solo Context. */
export class SoloHttp extends sdk.HttpContext {
  constructor(id: u32, root: sdk.RootContext, public readonly solo: Context) { super(id, root); }
  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction { return <HeadersAction><i32>this.solo.onRequestHeaders(headerCount, endOfStream); }
  onRequestBody(bodySize: u32, endOfStream: bool): DataAction { return <DataAction><i32>this.solo.onRequestBody(<usize>bodySize, endOfStream); }
  onRequestTrailers(trailerCount: u32): TrailersAction { return <TrailersAction><i32>this.solo.onRequestTrailers(trailerCount); }
  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction { return <HeadersAction><i32>this.solo.onResponseHeaders(headerCount, endOfStream); }
  onResponseBody(bodySize: u32, endOfStream: bool): DataAction { return <DataAction><i32>this.solo.onResponseBody(<usize>bodySize, endOfStream); }
  onResponseTrailers(trailerCount: u32): TrailersAction { return <TrailersAction><i32>this.solo.onResponseTrailers(trailerCount); }
  onLog(): void { this.solo.onLog(); }
  onDone(): void { this.solo.onDone(); }
  onDelete(): void { this.solo.onDelete(); }
}

/** @internal An SDK TCP context running a solo Context. */
export class SoloTcp extends sdk.TcpContext {
  constructor(id: u32, root: sdk.RootContext, public readonly solo: Context) { super(id, root); }
  onNewConnection(): NetworkAction { return <NetworkAction><i32>this.solo.onNewConnection(); }
  onDownstreamData(size: u32, endOfStream: bool): NetworkAction { return <NetworkAction><i32>this.solo.onDownstreamData(<usize>size, endOfStream); }
  onUpstreamData(size: u32, endOfStream: bool): NetworkAction { return <NetworkAction><i32>this.solo.onUpstreamData(<usize>size, endOfStream); }
  onDownstreamConnectionClose(peer: PeerType): void { this.solo.onDownstreamConnectionClose(<PeerTypeValues><i32>peer); }
  onUpstreamConnectionClose(peer: PeerType): void { this.solo.onUpstreamConnectionClose(<PeerTypeValues><i32>peer); }
  onLog(): void { this.solo.onLog(); }
  onDone(): void { this.solo.onDone(); }
  onDelete(): void { this.solo.onDelete(); }
}

// Factories by root_id. AssemblyScript closures cannot capture, so the SDK-side factory is one
// top-level function that looks the solo factory up by the configured root_id (the SDK itself
// falls back to a module's only registration; so does this).
// @ts-ignore: decorator
@lazy const factories = new Map<string, (context_id: u32) => RootContext>();
// @ts-ignore: decorator
@lazy const order = new Array<string>();
// @ts-ignore: decorator
@lazy const ROOT_ID = new PropertyPath(["plugin_root_id"]);

function makeRoot(contextId: u32): sdk.RootContext {
  const configured = ROOT_ID.getString();
  const name = configured !== null && factories.has(configured) ? configured : order[0];
  return new SoloRoot(contextId, factories.get(name)(contextId));
}

/**
 * Registers the factory of the root context for Envoy's `root_id` `name` (proxy-runtime's
 * argument order: factory first). Call from top-level code.
 */
export function registerRootContext(c: (context_id: u32) => RootContext, name: string): void {
  if (!factories.has(name)) order.push(name);
  factories.set(name, c);
  sdkRegister(name, makeRoot);
}
