// Garbage collection at safe points. With AssemblyScript's `minimal` runtime (the SDK's
// default, see asconfig.json) nothing collects on its own: there is no shadow stack, so the
// collector may only run when no AssemblyScript frame holds a reference. Proxy-Wasm gives
// such points for free: Envoy never nests callbacks (it defers re-entrant ones), so the end of
// every exported callback has an empty guest stack. We collect there when a stream has ended
// a few times or linear memory has grown. Under the `incremental` runtime this is a no-op.

import { Runtime } from "shared/runtime";

/**
 * Streams that may end between two collections. Each collection marks everything live (the
 * configuration, the context tables) however little garbage there is, so collecting rarely is
 * cheaper per request; linear memory growing since the last collection still collects at once,
 * which bounds the heap by what this many streams leave behind.
 */
const STREAMS_PER_COLLECTION: u32 = 128;

// @ts-ignore: decorator
@lazy let streamsEnded: u32 = 0;
// @ts-ignore: decorator
@lazy let pagesAtLastCollection: i32 = 0;

/** Collects now. Only at the very end of an exported callback. */
export function collectNow(): void {
  if (ASC_RUNTIME != Runtime.Minimal) return;
  __collect();
  streamsEnded = 0;
  pagesAtLastCollection = memory.size();
}

/**
 * Called as the last statement of an exported callback. `streamEnded` marks the deletion of a
 * stream context, the usual point at which per-request garbage becomes collectable.
 */
export function safePoint(streamEnded: bool): void {
  if (ASC_RUNTIME != Runtime.Minimal) return;
  if (streamEnded) streamsEnded++;
  if (streamsEnded >= STREAMS_PER_COLLECTION || memory.size() > pagesAtLastCollection) collectNow();
}
