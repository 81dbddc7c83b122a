// Rules: which requirement a request must meet. The first rule whose match fits wins; a
// requirement is a provider, any_of / all_of of requirements, or a rule-level allow / deny.
// Evaluation is re-entrant: a provider may answer PENDING (JWKS fetch, ext-authz call) and the
// evaluation runs again when it is woken, reusing the results memoised in StreamState.
import { RootContext } from "envoy-as";
import { Match } from "envoy-as/lib/match";
import { ClaimCondition } from "./claims";
import { Provider } from "./provider";
import { Check, FAIL, OK, PENDING, R_AUTHZ_DENIED, R_AUTHZ_ERROR, R_KEYS_UNAVAILABLE, R_MISSING, StreamState } from "./types";

export const REQ_PROVIDER: i32 = 0;
export const REQ_ANY: i32 = 1;
export const REQ_ALL: i32 = 2;

export class Requirement {
  kind: i32 = REQ_PROVIDER;
  provider: i32 = -1;
  children: Array<Requirement> = [];
}

export const ACTION_REQUIRE: i32 = 0;
export const ACTION_ALLOW: i32 = 1;
export const ACTION_DENY: i32 = 2;

export class Rule {
  name: string = "";
  match: Match = new Match();
  action: i32 = ACTION_REQUIRE;
  requirement: Requirement | null = null;
  /** Consumers the rule admits (empty = any authenticated caller). */
  consumers: Array<string> = [];
  /** Claim conditions every request must meet with some verified JWT (empty = none). */
  claims: Array<ClaimCondition> = [];
}

/**
 * True if `path` is free of what upstreams may resolve differently from a plain string match:
 * dot-segments, "//", backslashes, and percent-encoded '.', '/' or '\'. Allow rules and a default
 * of "allow" apply only to such paths (README: enable Envoy's normalize_path and merge_slashes).
 */
export function isCleanPath(path: string): bool {
  const n = path.length;
  for (let i = 0; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c == 0x5C) return false;
    if (c == 0x25 && i + 2 < n) {
      const a = path.charCodeAt(i + 1), b = path.charCodeAt(i + 2) | 0x20;
      if (a == 0x32 && (b == 0x65 || b == 0x66)) return false; // %2e %2f
      if (a == 0x35 && b == 0x63) return false; // %5c
    }
    if (c == 0x2F && i + 1 < n) {
      const d = path.charCodeAt(i + 1);
      if (d == 0x2F) return false;
      if (d == 0x2E) {
        // "/." followed by end, "/" or "./"/"." + end
        if (i + 2 == n || path.charCodeAt(i + 2) == 0x2F) return false;
        if (path.charCodeAt(i + 2) == 0x2E && (i + 3 == n || path.charCodeAt(i + 3) == 0x2F)) return false;
      }
    }
  }
  return true;
}

/** Runs the requirement; OK, FAIL or PENDING. Results are memoised in st.results. */
export function evaluate(req: Requirement, st: StreamState, providers: Array<Provider>, root: RootContext, now: f64): i32 {
  if (req.kind == REQ_PROVIDER) {
    let r = st.results[req.provider];
    if (r === null) {
      r = providers[req.provider].check(st, root, now);
      if (r.status == PENDING) return PENDING;
      st.results[req.provider] = r;
    }
    return r.status;
  }
  const children = req.children;
  if (req.kind == REQ_ANY) {
    for (let i = 0; i < children.length; i++) {
      const s = evaluate(unchecked(children[i]), st, providers, root, now);
      if (s != FAIL) return s;
    }
    return FAIL;
  }
  for (let i = 0; i < children.length; i++) {
    const s = evaluate(unchecked(children[i]), st, providers, root, now);
    if (s != OK) return s;
  }
  return OK;
}

/** The status of an evaluated requirement from memoised results only. */
function statusOf(req: Requirement, st: StreamState): i32 {
  if (req.kind == REQ_PROVIDER) {
    const r = st.results[req.provider];
    return r === null ? FAIL : r.status;
  }
  for (let i = 0; i < req.children.length; i++) {
    const s = statusOf(unchecked(req.children[i]), st);
    if (req.kind == REQ_ANY && s == OK) return OK;
    if (req.kind == REQ_ALL && s != OK) return s;
  }
  return req.kind == REQ_ANY ? FAIL : OK;
}

/** The successful checks that satisfied `req` (first alternative of any_of, all of all_of). */
export function satisfying(req: Requirement, st: StreamState, out: Array<i32>): void {
  if (req.kind == REQ_PROVIDER) { if (!out.includes(req.provider)) out.push(req.provider); return; }
  for (let i = 0; i < req.children.length; i++) {
    const c = unchecked(req.children[i]);
    if (statusOf(c, st) != OK) continue;
    satisfying(c, st, out);
    if (req.kind == REQ_ANY) return;
  }
}

function priority(reason: i32): i32 {
  if (reason == R_AUTHZ_DENIED || reason == R_AUTHZ_ERROR) return 4;
  if (reason == R_MISSING) return 1;
  if (reason == R_KEYS_UNAVAILABLE) return 2;
  return 3;
}

/**
 * The failure to report: an authorization service's decision first, then presented-but-bad
 * credentials, then unavailable keys, then missing credentials; ties go to the first in order.
 * Returns the provider index (its result in st.results), -1 if none failed.
 */
export function chooseFailure(req: Requirement, st: StreamState): i32 {
  const leaves = new Array<i32>();
  leavesOf(req, leaves);
  let best = -1;
  let bestPriority = 0;
  for (let i = 0; i < leaves.length; i++) {
    const r = st.results[leaves[i]];
    if (r === null || r.status != FAIL) continue;
    const p = priority(r.reason);
    if (p > bestPriority) { best = leaves[i]; bestPriority = p; }
  }
  return best;
}

export function leavesOf(req: Requirement, out: Array<i32>): void {
  if (req.kind == REQ_PROVIDER) { if (!out.includes(req.provider)) out.push(req.provider); return; }
  for (let i = 0; i < req.children.length; i++) leavesOf(unchecked(req.children[i]), out);
}

/** The checks of `indices` (all evaluated). */
export function checksOf(indices: Array<i32>, st: StreamState): Array<Check> {
  const out = new Array<Check>();
  for (let i = 0; i < indices.length; i++) out.push(st.results[indices[i]]!);
  return out;
}
