// Keeps every context by id and routes the host's callbacks to them. The exported proxy_on_*
// functions (abi/exports.ts) are thin forwards to the functions here.
import { BufferType, DataAction, HeadersAction, TrailersAction } from "./abi/enums";
import { Buffer } from "./hostcalls/buffers";
import { logAt } from "./hostcalls/log";
import { LogLevel } from "./abi/enums";
import { PropertyPath } from "./hostcalls/properties";
import { Configuration, Context, HttpContext, RootContext, enterContext } from "./contexts";
import { TcpContext } from "./tcp-context";

class Registration {
  constructor(public rootId: string, public factory: (contextId: u32) => RootContext) {}
}

// @ts-ignore: decorator
@lazy const registrations = new Array<Registration>();
// @ts-ignore: decorator
@lazy const roots = new Map<u32, RootContext>();
// @ts-ignore: decorator
@lazy const streams = new Map<u32, HttpContext>();
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
    return;
  }
  if (!roots.has(parentId)) {
    logAt(LogLevel.Critical, "context " + contextId.toString() + " created for unknown root " + parentId.toString());
    return;
  }
  pending.set(contextId, parentId);
}

/** The context `id` of any kind (root, HTTP, TCP), or null if unknown or not constructed yet. */
export function contextById(id: u32): Context | null {
  if (streams.has(id)) return streams.get(id);
  if (connections.has(id)) return connections.get(id);
  if (roots.has(id)) return roots.get(id);
  return null;
}

/** The TCP context `id`, constructed at its first network callback; null (logged) if unknown. */
export function connection(id: u32): TcpContext | null {
  enterContext(id);
  if (connections.has(id)) return connections.get(id);
  if (pending.has(id)) {
    const rootId = pending.get(id);
    pending.delete(id);
    if (roots.has(rootId)) {
      const c = roots.get(rootId).newTcpContext(id);
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
  if (roots.has(id)) return roots.get(id);
  logAt(LogLevel.Critical, "callback for unknown root context " + id.toString());
  return null;
}

/** The HTTP context `id`, or null (logged) if unknown. */
export function stream(id: u32): HttpContext | null {
  enterContext(id);
  if (streams.has(id)) return streams.get(id);
  if (pending.has(id)) {
    const rootId = pending.get(id);
    pending.delete(id);
    if (roots.has(rootId)) {
      const s = roots.get(rootId).newHttpContext(id);
      streams.set(id, s);
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
  if (streams.has(id)) streams.get(id).onLog();
  else if (connections.has(id)) connections.get(id).onLog();
}

/** proxy_on_done: a root may defer its end (false, then proxy_done); streams always finish. */
export function done(id: u32): bool {
  enterContext(id);
  if (streams.has(id)) { streams.get(id).onDone(); return true; }
  if (connections.has(id)) { connections.get(id).onDone(); return true; }
  if (roots.has(id)) return roots.get(id).onDone();
  return true;
}

export function remove(id: u32): void {
  enterContext(id);
  if (pending.has(id)) pending.delete(id);
  if (streams.has(id)) {
    const s = streams.get(id);
    streams.delete(id);
    s.onDelete();
  } else if (connections.has(id)) {
    const c = connections.get(id);
    connections.delete(id);
    c.onDelete();
  } else if (roots.has(id)) {
    const r = roots.get(id);
    roots.delete(id);
    r.onDelete();
  }
}
