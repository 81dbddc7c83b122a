export interface EcdsCounters {
    update_attempt: number;
    update_success: number;
    update_rejected: number;
    config_fail: number;
    config_reload: number;
}
/** The stat prefix of a filter's ECDS subscription. */
export declare function ecdsStatPrefix(filter: string): string;
/** Reads a filter's ECDS counters from admin /stats (0 for a counter Envoy does not have yet). */
export declare function readEcdsCounters(adminUrl: string, filter: string): Promise<EcdsCounters>;
export type EcdsOutcome = {
    kind: "applied";
    counters: EcdsCounters;
}
/** Envoy accepted the file but already had this exact configuration (no worker update). */
 | {
    kind: "same";
    counters: EcdsCounters;
} | {
    kind: "rejected";
    counters: EcdsCounters;
} | {
    kind: "timeout";
    counters: EcdsCounters;
};
/**
 * Polls the counters after an ECDS file was replaced until Envoy has either applied the update on
 * every worker (update_success and config_reload moved, config_fail did not) or rejected it.
 */
export declare function awaitEcdsOutcome(adminUrl: string, filter: string, before: EcdsCounters, timeoutMs?: number, pollMs?: number): Promise<EcdsOutcome>;
/** Envoy's reasons for a rejected update, from its log lines since the update was written. */
export declare function rejectionReason(logSince: string, filter: string): string[];
