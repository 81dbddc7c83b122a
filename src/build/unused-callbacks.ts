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
/** The SDK's default (no-op) context methods, which never make a callback worth calling. */
const SDK_DEFAULT = /(^|\/)sdk\/(contexts|tcp-context)\/(HttpContext|RootContext|TcpContext)#(on\w+)$/;
/** A compiled instance method: `<path>/<Class>#<method>` (virtual stubs, `…@virtual`, do not count). */
const METHOD = /#(on\w+)$/;

/** What the transform decided, for the build's report and the tests. */
export interface CallbackPruning {
  /** SDK callbacks removed from the module's exports. */
  dropped: string[];
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
      for (const name of drop) module.removeExport(name);
      result.dropped = drop.sort();
    }
  }
  return DropUnusedCallbacks as unknown as new () => Transform;
}
