// Warnings raised per request (a rewrite left unchanged, an action dropped), bounded so that
// traffic cannot flood Envoy's log: request data is quoted escaped and cut to QUOTE_MAX code
// units, and at most one warning a second is written, the next one saying how many were
// suppressed in between.
import { currentTimeNanos, forLog, log } from "envoy-as";

/** Longest quote of request data in a warning, in code units. */
export const QUOTE_MAX: i32 = 100;

const INTERVAL_NANOS: u64 = 1_000_000_000;
let lastWarning: u64 = 0;
let written = false;
let suppressed: i32 = 0;

/** `s` quoted for a warning: escaped, at most QUOTE_MAX code units. */
export function quote(s: string): string {
  return "\"" + forLog(s, QUOTE_MAX) + "\"";
}

/** Logs `message` at warn level unless another warning was written less than a second ago. */
export function warn(message: string): void {
  const now = currentTimeNanos();
  if (written && now - lastWarning < INTERVAL_NANOS) { suppressed++; return; }
  written = true;
  lastWarning = now;
  const note = suppressed > 0 ? " (" + suppressed.toString() + " similar warning" + (suppressed == 1 ? "" : "s") + " suppressed)" : "";
  suppressed = 0;
  log.warn(message + note);
}
