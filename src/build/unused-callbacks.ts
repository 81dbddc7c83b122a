// Drops the SDK's per-stream callbacks that would do nothing in this module. Envoy calls a
// guest callback only if the module exports it (the floor in bench/peers/floor exports two and
// Envoy runs it), and every call costs a VM entry, a context lookup and a GC safe point. The SDK's
// exports-http group exports all of them, so without this a filter that only sets a response
// header pays for request headers, bodies, trailers, log and done on every request.
//
// An asc transform does it after compilation and before optimization: a callback is kept if the
// compiled module holds a method of its name (`#onRequestBody`, …) other than the SDK's own no-op
// defaults in HttpContext, RootContext and TcpContext. asc compiles an override only if a class
// that has it can be constructed, so a kept callback is one that can run user code, and a dropped
// one could only have run a default. Any other class with a method of that name keeps the
// callback too (safe: a callback too many costs time, never behaviour). Only the SDK's own
// exports are touched: a filter that exports a callback of its own keeps it. The optimizer then
// removes what only the dropped exports reached; source maps stay exact.
//
// A filter left with a single headers callback (request or response headers) and nothing that
// runs after it (no onLog, onDone or onDelete override, no TCP callbacks, no callout imports)
// also loses proxy_on_delete: its streams end with that callback (the dispatcher's
// streamsEndWithCallback, which this sets), so Envoy calls it twice per stream, as it calls the
// floor in bench/peers/floor, instead of three times.
import type { Transform } from "assemblyscript/transform";
import type binaryen from "binaryen";

/** The SDK's per-stream callbacks and the context methods whose overrides they run. */
export const PRUNABLE_CALLBACKS: Readonly<Record<string, readonly string[]>> = {
  proxy_on_request_headers: ["onRequestHeaders"],
  proxy_on_request_body: ["onRequestBody"],
  proxy_on_request_trailers: ["onRequestTrailers"],
  proxy_on_response_headers: ["onResponseHeaders"],
  proxy_on_response_body: ["onResponseBody"],
  proxy_on_response_trailers: ["onResponseTrailers"],
  proxy_on_log: ["onLog"],
  proxy_on_done: ["onDone"],
};

/** asc's internal name of the SDK's exports-http module functions end with this + the export name. */
const SDK_EXPORTS = /(^|\/)sdk\/abi\/exports-http\/(proxy_on_\w+)$/;
/** The SDK's own proxy_on_delete (a filter's own export of that name is never touched). */
const SDK_DELETE = /(^|\/)sdk\/abi\/exports-http\/proxy_on_delete$/;
/** The SDK's default (no-op) context methods, which never make a callback worth calling. */
const SDK_DEFAULT = /(^|\/)sdk\/(contexts|tcp-context)\/(HttpContext|RootContext|TcpContext)#(on\w+)$/;
/** A compiled instance method: `<path>/<Class>#<method>` (virtual stubs, `…@virtual`, do not count). */
const METHOD = /#(on\w+)$/;

/** The headers callbacks a stream can end with (each is called at most once per stream). */
const ENDING_CALLBACKS = new Set(["proxy_on_request_headers", "proxy_on_response_headers"]);
/** A module that exports any of these has TCP connections, which need proxy_on_delete. */
const TCP_CALLBACKS = ["proxy_on_new_connection", "proxy_on_downstream_data", "proxy_on_upstream_data", "proxy_on_downstream_connection_close", "proxy_on_upstream_connection_close"];
/** A module that imports any of these may wait on a callout after its callback returns. */
const CALLOUT_IMPORTS = new Set(["proxy_http_call", "proxy_dispatch_http_call", "proxy_grpc_call", "proxy_grpc_stream"]);
/** The dispatcher's flag for streams that end with their one callback (assembly/sdk/dispatcher.ts). */
const ENDS_WITH_CALLBACK_FLAG = /(^|\/)sdk\/dispatcher\/streamsEndWithCallback$/;

/** What the transform decided, for the build's report and the tests. */
export interface CallbackPruning {
  /** SDK callbacks removed from the module's exports. */
  dropped: string[];
  /**
   * The filter's streams end with their one callback: the dispatcher keeps no record of them
   * and proxy_on_delete is among `dropped`.
   */
  streamsEndWithCallback?: boolean;
}

/**
 * The asc transform (pass an instance in asc.main's `transforms`). `result` receives the
 * decision once the compile reaches afterCompile.
 */
export function unusedCallbacksTransform(result: CallbackPruning): new () => Transform {
  class DropUnusedCallbacks {
    declare binaryen: typeof binaryen;
    afterCompile(module: binaryen.Module): void {
      const b = this.binaryen;
      const overridden = new Set<string>();
      for (let i = 0; i < module.getNumFunctions(); i++) {
        const name = b.getFunctionInfo(module.getFunctionByIndex(i)).name;
        if (SDK_DEFAULT.test(name)) continue;
        const m = METHOD.exec(name);
        if (m) overridden.add(m[1]!);
      }
      const drop: string[] = [];
      for (let i = 0; i < module.getNumExports(); i++) {
        const info = b.getExportInfo(module.getExportByIndex(i));
        if (info.kind !== b.ExternalFunction) continue;
        const methods = PRUNABLE_CALLBACKS[info.name];
        if (!methods || SDK_EXPORTS.exec(info.value)?.[2] !== info.name) continue;
        if (!methods.some((m) => overridden.has(m))) drop.push(info.name);
      }
      // One headers callback and nothing after it: the stream can end with that callback, and
      // Envoy need not call proxy_on_delete (the dispatcher's streamsEndWithCallback).
      const exported = new Map<string, string>();
      for (let i = 0; i < module.getNumExports(); i++) {
        const info = b.getExportInfo(module.getExportByIndex(i));
        if (info.kind === b.ExternalFunction) exported.set(info.name, info.value);
      }
      const kept = Object.keys(PRUNABLE_CALLBACKS).filter((name) => exported.has(name) && !drop.includes(name));
      let callouts = false;
      for (let i = 0; i < module.getNumFunctions(); i++) {
        const f = b.getFunctionInfo(module.getFunctionByIndex(i));
        if (f.module === "env" && f.base && CALLOUT_IMPORTS.has(f.base)) callouts = true;
      }
      let flag: string | undefined;
      for (let i = 0; i < module.getNumGlobals(); i++) {
        const g = b.getGlobalInfo(module.getGlobalByIndex(i));
        if (ENDS_WITH_CALLBACK_FLAG.test(g.name)) flag = g.name;
      }
      const endsWithCallback =
        flag !== undefined &&
        kept.length === 1 && ENDING_CALLBACKS.has(kept[0]!) &&
        !overridden.has("onDelete") &&
        SDK_DELETE.test(exported.get("proxy_on_delete") ?? "") &&
        !TCP_CALLBACKS.some((name) => exported.has(name)) &&
        !callouts;
      if (endsWithCallback) {
        drop.push("proxy_on_delete");
        module.removeGlobal(flag!);
        module.addGlobal(flag!, b.i32, true, module.i32.const(1));
      }
      for (const name of drop) module.removeExport(name);
      result.dropped = drop.sort();
      result.streamsEndWithCallback = endsWithCallback;
    }
  }
  return DropUnusedCallbacks as unknown as new () => Transform;
}
