// Keeps every context by id and routes every callback of the host to its target: a context
// (lifecycle, HTTP stream, TCP connection, root callbacks) or an outstanding callout (HTTP call
// responses, gRPC replies and stream events, by token). The exported proxy_on_* functions
// (abi/exports-*.ts) are thin forwards to the functions here.
import { BufferType, DataAction, HeadersAction, NetworkAction, PeerType, TrailersAction } from "./abi/enums";
import { Buffer } from "./hostcalls/buffers";
import { logAt } from "./hostcalls/log";
import { LogLevel } from "./abi/enums";
import { PropertyPath } from "./hostcalls/properties";
import { Context, currentContextId, enterContext } from "./context";
import { Configuration, HttpContext, RootContext, TcpContext } from "./contexts";
import { findCallout, forgetCallout } from "./callouts";
import { foreignCallData } from "./hostcalls/foreign";
import { StreamTable } from "./stream-table";

class Registration {
  constructor(public rootId: string, public factory: (contextId: u32) => RootContext) {}
}

// @ts-ignore: decorator
@lazy const registrations = new Array<Registration>();
// @ts-ignore: decorator
@lazy const roots = new Map<u32, RootContext>();
// @ts-ignore: decorator
@lazy const streams = new StreamTable();
// @ts-ignore: decorator
@lazy const connections = new Map<u32, TcpContext>();
// Envoy calls the same proxy_on_context_create for an HTTP stream and a TCP connection, so a
// child context stays here (id → root id) until its first callback says which it is: an HTTP
// callback makes an HttpContext (root.newHttpContext), a network one a TcpContext
// (root.newTcpContext). Contexts that never get such a callback are never constructed.
// @ts-ignore: decorator
@lazy const pending = new Map<u32, u32>();
// @ts-ignore: decorator
@lazy const ROOT_ID = new PropertyPath(["plugin_root_id"]);

// Envoy sends one stream's callbacks back to back (context create, request headers, response
// headers and body, log, done, delete), so the context a callback asks for is almost always the
// one the previous callback asked for, or the one just created. One-entry caches in front of the
// maps answer those without hashing; the maps stay the truth, and delete clears the caches so
// the collector can free what they held.
let lastStreamId: u32 = 0;
let lastStream: HttpContext | null = null;
let lastRootId: u32 = 0;
let lastRoot: RootContext | null = null;
/** The newest context created and not yet typed (0: none); older ones wait in `pending`. */
let newestPendingId: u32 = 0;
let newestPendingRoot: u32 = 0;

/** The root context `id` if it exists, through the one-entry cache. */
function findRoot(id: u32): RootContext | null {
  if (id == lastRootId && lastRoot !== null) return lastRoot;
  if (!roots.has(id)) return null;
  const r = roots.get(id);
  lastRootId = id;
  lastRoot = r;
  return r;
}

/** The HTTP context `id` if it was constructed, through the one-entry cache. */
function findStream(id: u32): HttpContext | null {
  if (id == lastStreamId && lastStream !== null) return lastStream;
  const s = streams.find(id);
  if (s === null) return null;
  lastStreamId = id;
  lastStream = s;
  return s;
}

/** Takes context `id` out of the pending ones: its root's id, or 0 if it was not pending. */
function takePending(id: u32): u32 {
  if (id == newestPendingId && id != 0) {
    newestPendingId = 0;
    return newestPendingRoot;
  }
  if (!pending.has(id)) return 0;
  const rootId = pending.get(id);
  pending.delete(id);
  return rootId;
}

/**
 * Registers the factory of the root context for plugins configured with `rootId` (Envoy's
 * `root_id`). Call from the filter's top-level code. A module with a single registration
 * serves any root_id; with several, Envoy's root_id picks one.
 */
export function registerRootContext(rootId: string, factory: (contextId: u32) => RootContext): void {
  registrations.push(new Registration(rootId, factory));
}

/** A root for a root_id nobody registered: fails the VM start with a message that says why. */
class UnregisteredRoot extends RootContext {
  onVmStart(vmConfiguration: Configuration): bool {
    const known = new Array<string>();
    for (let i = 0; i < registrations.length; i++) known.push('"' + registrations[i].rootId + '"');
    logAt(LogLevel.Critical, 'no root context registered for root_id "' + this.rootId + '" (registered: ' +
      (known.length ? known.join(", ") : "none") + "); set root_id in the plugin config to one of them, or call registerRootContext");
    return false;
  }
}

function newRoot(contextId: u32): RootContext {
  const configured = ROOT_ID.getString();
  const rootId = configured === null ? "" : configured;
  let root: RootContext | null = null;
  for (let i = 0; i < registrations.length; i++) {
    const r = unchecked(registrations[i]);
    if (r.rootId == rootId) { root = r.factory(contextId); break; }
  }
  if (root === null && registrations.length == 1) root = unchecked(registrations[0]).factory(contextId);
  if (root === null) root = new UnregisteredRoot(contextId);
  root.rootId = rootId;
  return root;
}

/** proxy_on_context_create: a root (parent 0) or a stream of root `parentId`. */
export function createContext(contextId: u32, parentId: u32): void {
  enterContext(contextId);
  if (parentId == 0) {
    roots.set(contextId, newRoot(contextId));
    if (contextId == lastRootId) lastRoot = null; // a reused id: the cache held the old root
    return;
  }
  if (findRoot(parentId) === null) {
    logAt(LogLevel.Critical, "context " + contextId.toString() + " created for unknown root " + parentId.toString());
    return;
  }
  if (newestPendingId != 0) pending.set(newestPendingId, newestPendingRoot);
  newestPendingId = contextId;
  newestPendingRoot = parentId;
}

/** The context `id` of any kind (root, HTTP, TCP), or null if unknown or not constructed yet. */
export function contextById(id: u32): Context | null {
  const s = findStream(id);
  if (s !== null) return s;
  if (connections.has(id)) return connections.get(id);
  return findRoot(id);
}

/** The TCP context `id`, constructed at its first network callback; null (logged) if unknown. */
export function connection(id: u32): TcpContext | null {
  enterContext(id);
  if (connections.has(id)) return connections.get(id);
  const rootId = takePending(id);
  if (rootId != 0) {
    const r = findRoot(rootId);
    if (r !== null) {
      const c = r.newTcpContext(id);
      connections.set(id, c);
      return c;
    }
  }
  logAt(LogLevel.Critical, "network callback for unknown context " + id.toString());
  return null;
}

/** The root context `id`, or null (logged) if unknown. */
export function root(id: u32): RootContext | null {
  enterContext(id);
  const r = findRoot(id);
  if (r !== null) return r;
  logAt(LogLevel.Critical, "callback for unknown root context " + id.toString());
  return null;
}

/** The HTTP context `id`, or null (logged) if unknown. */
export function stream(id: u32): HttpContext | null {
  enterContext(id);
  // The newest context created is not constructed yet: skip the stream lookups for it.
  if (id != newestPendingId) {
    const found = findStream(id);
    if (found !== null) return found;
  }
  const rootId = takePending(id);
  if (rootId != 0) {
    const r = findRoot(rootId);
    if (r !== null) {
      const s = r.newHttpContext(id);
      streams.set(id, s);
      lastStreamId = id;
      lastStream = s;
      return s;
    }
  }
  logAt(LogLevel.Critical, "callback for unknown stream context " + id.toString());
  return null;
}

function readConfiguration(type: BufferType, size: u32): Configuration {
  if (size == 0) return new Configuration(new ArrayBuffer(0));
  const bytes = new Buffer(type).get(0, size);
  return new Configuration(bytes === null ? new ArrayBuffer(0) : bytes);
}

export function vmStart(rootId: u32, vmConfigurationSize: u32): bool {
  const r = root(rootId);
  return r !== null && r.onVmStart(readConfiguration(BufferType.VmConfiguration, vmConfigurationSize));
}

export function configure(rootId: u32, configurationSize: u32): bool {
  const r = root(rootId);
  return r !== null && r.onConfigure(readConfiguration(BufferType.PluginConfiguration, configurationSize));
}

export function tick(rootId: u32): void {
  const r = root(rootId);
  if (r !== null) r.onTick();
}

export function requestHeaders(id: u32, count: u32, endOfStream: bool): HeadersAction {
  const s = stream(id);
  return s === null ? HeadersAction.Continue : s.onRequestHeaders(count, endOfStream);
}
export function requestBody(id: u32, size: u32, endOfStream: bool): DataAction {
  const s = stream(id);
  return s === null ? DataAction.Continue : s.onRequestBody(size, endOfStream);
}
export function requestTrailers(id: u32, count: u32): TrailersAction {
  const s = stream(id);
  return s === null ? TrailersAction.Continue : s.onRequestTrailers(count);
}
export function responseHeaders(id: u32, count: u32, endOfStream: bool): HeadersAction {
  const s = stream(id);
  return s === null ? HeadersAction.Continue : s.onResponseHeaders(count, endOfStream);
}
export function responseBody(id: u32, size: u32, endOfStream: bool): DataAction {
  const s = stream(id);
  return s === null ? DataAction.Continue : s.onResponseBody(size, endOfStream);
}
export function responseTrailers(id: u32, count: u32): TrailersAction {
  const s = stream(id);
  return s === null ? TrailersAction.Continue : s.onResponseTrailers(count);
}

export function log(id: u32): void {
  enterContext(id);
  const s = findStream(id);
  if (s !== null) s.onLog();
  else if (connections.has(id)) connections.get(id).onLog();
}

/** proxy_on_done: a root may defer its end (false, then proxy_done); streams always finish. */
export function done(id: u32): bool {
  enterContext(id);
  const s = findStream(id);
  if (s !== null) { s.onDone(); return true; }
  if (connections.has(id)) { connections.get(id).onDone(); return true; }
  const r = findRoot(id);
  if (r !== null) return r.onDone();
  return true;
}

export function remove(id: u32): void {
  enterContext(id);
  takePending(id);
  const s = findStream(id);
  if (s !== null) {
    streams.delete(id);
    lastStreamId = 0;
    lastStream = null;
    s.onDelete();
    return;
  }
  if (connections.has(id)) {
    const c = connections.get(id);
    connections.delete(id);
    c.onDelete();
    return;
  }
  const r = findRoot(id);
  if (r !== null) {
    roots.delete(id);
    lastRootId = 0;
    lastRoot = null;
    r.onDelete();
  }
}

/** The context whose callback is running (or that it made effective); null in top-level code. */
export function runningContext(): Context | null {
  return contextById(currentContextId);
}

// ---- network (TCP) callbacks: the TcpContext is constructed at the first of them

/** proxy_on_new_connection: constructs the TcpContext, then onNewConnection. */
export function newConnection(id: u32): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onNewConnection();
}
/** proxy_on_downstream_data. */
export function downstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onDownstreamData(size, endOfStream);
}
/** proxy_on_upstream_data. */
export function upstreamData(id: u32, size: u32, endOfStream: bool): NetworkAction {
  const c = connection(id);
  return c === null ? NetworkAction.Continue : c.onUpstreamData(size, endOfStream);
}
/** proxy_on_downstream_connection_close. */
export function downstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onDownstreamConnectionClose(<PeerType>peer);
}
/** proxy_on_upstream_connection_close. */
export function upstreamClose(id: u32, peer: u32): void {
  const c = connection(id);
  if (c !== null) c.onUpstreamConnectionClose(<PeerType>peer);
}

// ---- root callbacks: shared queues and foreign functions

/** proxy_on_queue_ready: a shared queue this root registered has items. */
export function queueReady(rootId: u32, token: u32): void {
  const r = root(rootId);
  if (r !== null) r.onQueueReady(token);
}

/** proxy_on_foreign_function: the host calls a function of this plugin, with its call data. */
export function foreignFunction(rootId: u32, functionId: u32, argsSize: u32): void {
  const r = root(rootId);
  if (r !== null) r.onForeignFunction(functionId, foreignCallData(argsSize));
}

// ---- callouts: answered on the root context that issued them, routed by token to the callout,
// whose origin context is made effective while its callback runs (callouts.ts)

/** Whether a callout's origin still exists: a root context always, any other while its id is known. */
function originAlive(origin: Context): bool {
  return origin instanceof RootContext || contextById(origin.id) !== null;
}

/**
 * proxy_on_http_call_response: the call reads the response while the root is current (Envoy
 * serves it only there), then runs its callback with the origin effective. A response for a
 * stream that has ended meanwhile is dropped (logged at debug), as is an unknown token.
 */
export function httpCallResponse(rootId: u32, token: u32, headerCount: u32, bodySize: u32, trailerCount: u32): void {
  if (root(rootId) === null) return;
  const call = findCallout(token);
  if (call === null || !call.isHttpCall) {
    logAt(LogLevel.Debug, "http call response for unknown token " + token.toString() + "; dropped");
    return;
  }
  forgetCallout(token);
  if (!originAlive(call.origin)) {
    logAt(LogLevel.Debug, "http call " + token.toString() + ": context " + call.origin.id.toString() + " ended before the response; dropped");
    return;
  }
  call.httpCallResponse(headerCount, bodySize, trailerCount);
}

/** proxy_on_grpc_receive_initial_metadata: a stream's initial metadata. */
export function grpcInitialMetadata(rootId: u32, token: u32, count: u32): void {
  if (root(rootId) === null) return;
  const c = findCallout(token);
  if (c !== null) c.grpcInitialMetadata(count);
}

/** proxy_on_grpc_receive: a unary reply (success) or one stream message. */
export function grpcReceive(rootId: u32, token: u32, size: u32): void {
  if (root(rootId) === null) return;
  const c = findCallout(token);
  if (c !== null) c.grpcReceive(size);
}

/** proxy_on_grpc_receive_trailing_metadata: a stream's trailing metadata. */
export function grpcTrailingMetadata(rootId: u32, token: u32, count: u32): void {
  if (root(rootId) === null) return;
  const c = findCallout(token);
  if (c !== null) c.grpcTrailingMetadata(count);
}

/** proxy_on_grpc_close: a unary failure, or the end of a stream; the callout is forgotten first. */
export function grpcClosed(rootId: u32, token: u32, code: u32): void {
  if (root(rootId) === null) return;
  const c = findCallout(token);
  if (c === null) return;
  forgetCallout(token);
  c.grpcClose(code);
}
