// Where each kind of filter belongs in the proxy's filter chain, and what it does on failure.
//
// Istio's PluginPhase enum: UNSPECIFIED_PHASE | AUTHN | AUTHZ | STATS
//   (filters are inserted before Istio's authn, before its authz, before its stats filter, or —
//   UNSPECIFIED_PHASE — at the end of the chain, just before the router).
// FailStrategy: FAIL_CLOSE | FAIL_OPEN (| FAIL_RELOAD since Istio 1.24).
//
//   auth*            AUTHN + FAIL_CLOSE: it authenticates, so it must run before Istio's authn/authz and
//                    a broken auth filter must deny rather than let requests through.
//   *rate-limit*     AUTHZ + FAIL_OPEN: a limiter is an admission decision (before authz, so rejected
//                    requests cost little), but a crashed limiter should not take the service down.
//   everything else  UNSPECIFIED_PHASE + FAIL_CLOSE: e.g. header-rewrite. Running last means the
//                    rewrite cannot influence authn/authz decisions (a rewrite in AUTHN/AUTHZ could
//                    forge headers that RBAC then trusts), and it sees the request as routed. STATS is
//                    for telemetry filters, not for mutation. FAIL_CLOSE is Istio's own default.
export const PHASES = ["UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"];
export const FAIL_STRATEGIES = ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD"];
/** Default phase and fail strategy for a filter, from its name (see the table above). */
export function filterDefaults(name) {
    if (/(^|-)auth/.test(name) && !/authz/.test(name))
        return { phase: "AUTHN", failStrategy: "FAIL_CLOSE" };
    if (/rate-?limit/.test(name) || /authz/.test(name))
        return { phase: "AUTHZ", failStrategy: /authz/.test(name) ? "FAIL_CLOSE" : "FAIL_OPEN" };
    return { phase: "UNSPECIFIED_PHASE", failStrategy: "FAIL_CLOSE" };
}
