export type Phase = "UNSPECIFIED_PHASE" | "AUTHN" | "AUTHZ" | "STATS";
export type FailStrategy = "FAIL_CLOSE" | "FAIL_OPEN" | "FAIL_RELOAD";
export declare const PHASES: readonly Phase[];
export declare const FAIL_STRATEGIES: readonly FailStrategy[];
/** Default phase and fail strategy for a filter, from its name (see the table above). */
export declare function filterDefaults(name: string): {
    phase: Phase;
    failStrategy: FailStrategy;
};
