// The base of every context and the running context: which context's callback runs, and which
// one stream operations act on. The dispatcher enters a context as each callback starts; a
// callout's callback, or code acting on another stream, makes a context effective.
import { WasmResult } from "./abi/enums";
import { setEffectiveContextRaw } from "./hostcalls/context";

/** Base of every context: its host-assigned id. */
export class Context {
  constructor(public readonly id: u32) {}
}

// @ts-ignore: decorator
@lazy export let currentContextId: u32 = 0;

/** Called by the dispatcher as each callback starts, so helpers know whose callback runs. */
export function enterContext(id: u32): void { currentContextId = id; }

/**
 * Makes `id` the context that stream operations act on. Needed when a root callback (an HTTP
 * call response, a tick) acts on a stream; lasts until the callback returns.
 */
export function setEffectiveContext(id: u32): WasmResult {
  if (id == currentContextId) return WasmResult.Ok;
  const result = setEffectiveContextRaw(id);
  if (result == WasmResult.Ok) currentContextId = id;
  return result;
}
