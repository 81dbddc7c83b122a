// The base of every credential provider (jwt, api_key, basic, ext_authz): a name, where its
// credentials come from, whether they go on upstream, and its counters.
import { Counter, RootContext, StringBuilder } from "envoy-as";
import { Source } from "./extract";
import { Check, REASON_COUNT, REASON_NAMES, StreamState } from "./types";

export abstract class Provider {
  /** Index in Settings.providers (also the slot in StreamState.results). */
  index: i32 = 0;
  /** Where the credential is read from (empty for ext_authz). */
  sources: Array<Source> = [];
  /** Keep the credential on the request sent upstream (default: strip it). */
  forward: bool = false;
  private allowedCounter: Counter | null = null;
  private deniedCounters: StaticArray<Counter | null> = new StaticArray<Counter | null>(REASON_COUNT);

  constructor(public name: string, public kind: i32) {}

  /**
   * Checks this request. May return PENDING_CHECK after arranging for st.ctx.checkCompleted()
   * to run later (JWKS fetch, ext-authz call); the evaluation then calls check again.
   */
  abstract check(st: StreamState, root: RootContext, now: f64): Check;

  /** The WWW-Authenticate challenge for a 401 caused by this provider ("" for none). */
  challenge(reason: i32): string { return ""; }

  /** Request headers this provider writes upstream (stripped from every incoming request). */
  outputHeaders(): Array<string> { return []; }

  /** Called on each tick (remote JWKS refresh). */
  tick(root: RootContext, now: f64): void {}

  /** True if the provider needs the tick timer. */
  get needsTicks(): bool { return false; }

  countAllowed(): void {
    let c = this.allowedCounter;
    if (c === null) { c = Counter.create("auth.provider." + this.name + ".allowed"); this.allowedCounter = c; }
    c.increment();
  }

  countDenied(reason: i32): void {
    let c = unchecked(this.deniedCounters[reason]);
    if (c === null) {
      c = Counter.create("auth.provider." + this.name + ".denied." + unchecked(REASON_NAMES[reason]));
      unchecked(this.deniedCounters[reason] = c);
    }
    c.increment();
  }
}

/** A header-value-safe, quoted-string-safe rendering of `s` for WWW-Authenticate parameters. */
export function quoteParam(s: string): string {
  const out = new StringBuilder(s.length + 2);
  out.appendCode(0x22);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7F) continue;
    if (c == 0x22 || c == 0x5C) out.appendCode(0x5C);
    out.appendCode(c);
  }
  return out.appendCode(0x22).toString();
}
