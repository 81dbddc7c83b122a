// Waiting, the one way the Node side does it: poll a probe until it yields a value, with a
// deadline and a single error that names what was awaited (and why the wait was cut short).

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** What is awaited, for the error: "admin /ready = LIVE", "redis-server to answer PING", … */
  what: string;
  /** Pause between probes. Default 50 ms. */
  intervalMs?: number;
  /** Checked before each probe: a reason (e.g. "the process exited") ends the wait at once with that reason. */
  abortIf?: () => string | undefined;
  /** More text for the error, e.g. the last log lines of the process awaited. */
  detail?: () => string;
  /** What a probe that throws means: "retry" (not yet; the default) or "throw" (the wait fails with it). */
  probeErrors?: "retry" | "throw";
}

/** The error of a wait that timed out or was cut short; `message` names what was awaited. */
export class WaitError extends Error {
  override name = "WaitError";
}

function failure(o: WaitOptions, why: string): WaitError {
  const more = o.detail?.() ?? "";
  return new WaitError(`${why}${more ? `\n${more}` : ""}`);
}

/**
 * Calls `probe` until it returns a value other than undefined/false/null, and resolves with it.
 * A probe that throws counts as "not yet" (unless probeErrors is "throw"). Rejects with a WaitError when `timeoutMs` passes
 * ("Timed out after N ms waiting for <what>") or when `abortIf` gives a reason.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, o: WaitOptions): Promise<T> {
  const deadline = performance.now() + o.timeoutMs;
  for (;;) {
    const reason = o.abortIf?.();
    if (reason) throw failure(o, `${reason} while waiting for ${o.what}`);
    let value: T | undefined | null | false;
    try {
      value = await probe();
    } catch (err) {
      if (o.probeErrors === "throw") throw err;
      value = undefined;
    }
    if (value !== undefined && value !== null && value !== false) return value;
    if (performance.now() >= deadline) throw failure(o, `Timed out after ${o.timeoutMs} ms waiting for ${o.what}`);
    await sleep(o.intervalMs ?? 50);
  }
}

export interface WaitForHttpOptions extends Partial<WaitOptions> {
  /** Whether this answer is the awaited one. Default: any 2xx. */
  accept?: (status: number, body: string) => boolean;
  /** Timeout of each request. Default 2 s. */
  requestTimeoutMs?: number;
}

/** Polls GET `url` until `accept` says yes (default: a 2xx answer); resolves with the accepted body. */
export function waitForHttp(url: string, o: WaitForHttpOptions = {}): Promise<string> {
  const accept = o.accept ?? ((status) => status >= 200 && status < 300);
  return waitFor(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(o.requestTimeoutMs ?? 2000) });
      const body = await res.text();
      return accept(res.status, body) ? body : undefined;
    },
    { timeoutMs: o.timeoutMs ?? 30_000, what: o.what ?? `GET ${url} to answer`, intervalMs: o.intervalMs, abortIf: o.abortIf, detail: o.detail },
  );
}
