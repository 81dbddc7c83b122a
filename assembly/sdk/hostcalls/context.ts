// Context switching at the ABI level: which context stream operations act on, and the end of a
// root context whose removal was deferred. The bookkeeping of the running context lives in
// ../context.ts.
import { proxy_done, proxy_set_effective_context } from "../abi/imports";
import { WasmResult } from "../abi/enums";

/**
 * proxy_set_effective_context: makes context `id` the one later host calls of the running
 * callback act on. BadArgument when the host knows no context `id` (e.g. a stream that ended).
 */
export function setEffectiveContextRaw(id: u32): WasmResult {
  return <WasmResult>proxy_set_effective_context(id);
}

/**
 * proxy_done: finishes the removal of the current (or effective) root context that returned
 * false from onDone. NotFound when no removal is pending.
 */
export function finishDone(): WasmResult {
  return <WasmResult>proxy_done();
}
