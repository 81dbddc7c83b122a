// Clock and timer host functions.
import { proxy_get_current_time_nanoseconds, proxy_set_tick_period_milliseconds } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { OUT_U64 } from "../abi/memory";

/**
 * Wall-clock time in nanoseconds since the Unix epoch (use this instead of Date.now, which
 * Envoy does not provide). Callable from any callback; 0 if the host does not answer.
 */
export function currentTimeNanos(): u64 {
  if (proxy_get_current_time_nanoseconds(OUT_U64) != 0) return 0;
  return load<u64>(OUT_U64);
}

/** Wall-clock time in milliseconds since the Unix epoch. */
export function currentTimeMillis(): u64 {
  return currentTimeNanos() / 1_000_000;
}

/**
 * Sets how often the calling root context's onTick runs (per worker VM); 0 stops it.
 * Call from onConfigure or later; from a stream it sets the stream's root's timer.
 */
export function setTickPeriod(millis: u32): WasmResult {
  return <WasmResult>proxy_set_tick_period_milliseconds(millis);
}
