// How the hot reloader learns from Envoy itself whether an ECDS update took effect.
//
// Envoy 1.40 counts, per ECDS resource, under extension_config_discovery.http_filter.<name>.:
//   update_attempt   the watched file was read (every atomic rename of it)
//   update_success   the resource was accepted by the subscription
//   update_rejected  it was refused (e.g. the Wasm plugin's onConfigure returned false); with it,
//   config_fail      (FilterConfigSubscription::onConfigUpdateFailed)
//   config_reload    FilterConfigSubscription::updateComplete(): the new filter factory reached the
//                    main thread and every worker. NOTE: it also fires after a rejected update (the
//                    cleanup callback runs either way), so it only means "applied" together with
//                    update_success and no config_fail.
// An update whose typed_config hashes like the last one received is skipped silently (attempt and
// success count, config_reload does not), which is why dev builds get a new file name per module.
// /config_dump is no use to confirm a swap: its ECDS entry shows the last resource *received*, even
// one that was rejected.

import { waitFor, WaitError } from "../util/wait.ts";

export interface EcdsCounters {
  update_attempt: number;
  update_success: number;
  update_rejected: number;
  config_fail: number;
  config_reload: number;
}

const NAMES = ["update_attempt", "update_success", "update_rejected", "config_fail", "config_reload"] as const;

/** The stat prefix of a filter's ECDS subscription. */
export function ecdsStatPrefix(filter: string): string {
  return `extension_config_discovery.http_filter.${filter}.`;
}

/** Reads a filter's ECDS counters from admin /stats (0 for a counter Envoy does not have yet). */
export async function readEcdsCounters(adminUrl: string, filter: string): Promise<EcdsCounters> {
  const prefix = ecdsStatPrefix(filter);
  const re = `^${prefix.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(${NAMES.join("|")})$`;
  const res = await fetch(`${adminUrl}/stats?filter=${encodeURIComponent(re)}`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${adminUrl}/stats: HTTP ${res.status}`);
  const out: EcdsCounters = { update_attempt: 0, update_success: 0, update_rejected: 0, config_fail: 0, config_reload: 0 };
  for (const line of (await res.text()).split("\n")) {
    const m = /^(\S+): (\d+)$/.exec(line);
    if (!m || !m[1]!.startsWith(prefix)) continue;
    const key = m[1]!.slice(prefix.length) as keyof EcdsCounters;
    if (key in out) out[key] = Number(m[2]);
  }
  return out;
}

export type EcdsOutcome =
  | { kind: "applied"; counters: EcdsCounters }
  /** Envoy accepted the file but already had this exact configuration (no worker update). */
  | { kind: "same"; counters: EcdsCounters }
  | { kind: "rejected"; counters: EcdsCounters }
  | { kind: "timeout"; counters: EcdsCounters };

/**
 * Polls the counters after an ECDS file was replaced until Envoy has either applied the update on
 * every worker (update_success and config_reload moved, config_fail did not) or rejected it.
 */
export async function awaitEcdsOutcome(
  adminUrl: string,
  filter: string,
  before: EcdsCounters,
  timeoutMs = 10_000,
  pollMs = 5,
): Promise<EcdsOutcome> {
  let acceptedAt = 0;
  let counters = before;
  const outcome = await waitFor(
    async (): Promise<EcdsOutcome | undefined> => {
      counters = await readEcdsCounters(adminUrl, filter);
      if (counters.config_fail > before.config_fail || counters.update_rejected > before.update_rejected) {
        return { kind: "rejected", counters };
      }
      if (counters.update_success > before.update_success) {
        if (counters.config_reload > before.config_reload) return { kind: "applied", counters };
        // Accepted; the workers' update normally lands within milliseconds. If it never does, Envoy
        // considered the resource unchanged.
        acceptedAt ||= performance.now();
        if (performance.now() - acceptedAt > 1000) return { kind: "same", counters };
      }
      return undefined;
    },
    { timeoutMs, intervalMs: pollMs, what: `ECDS ${filter} to be applied or rejected`, probeErrors: "throw" },
  ).catch((err) => {
    if (err instanceof WaitError) return { kind: "timeout", counters } as EcdsOutcome;
    throw err;
  });
  return outcome;
}

/** Envoy's reasons for a rejected update, from its log lines since the update was written. */
export function rejectionReason(logSince: string, filter: string): string[] {
  const reasons: string[] = [];
  for (const line of logSince.split("\n")) {
    const wasm = /\]\[(?:error|critical)\]\[wasm\] \[[^\]]*\] (.*)$/.exec(line);
    const rejected = /config update rejected: (.*)$/.exec(line);
    let text = rejected?.[1] ?? wasm?.[1];
    if (!text) continue;
    // Logged by every worker for the plugin that failed to load; it does not mean the filter now
    // fails closed: the previous configuration keeps serving.
    if (/^Plugin configured to fail (closed|open) failed to load/.test(text)) continue;
    text = text.trim();
    if (text && !reasons.includes(text)) reasons.push(text);
  }
  if (!reasons.length) reasons.push(`Envoy rejected the update of ${filter} (see its log)`);
  return reasons;
}
