// Shared vocabulary of the auth filter: failure reasons, the result of one provider check, the
// identity a successful check yields, and the per-stream state the (possibly asynchronous)
// evaluation keeps between callbacks.
import { HeaderPair, HttpContext, JsonValue } from "envoy-as";
import { RequestView } from "envoy-as/lib/match";
import { Source } from "./extract";

// ---- Check status
export const OK: i32 = 0;
export const FAIL: i32 = 1;
export const PENDING: i32 = 2;

// ---- Failure reasons. Each has a metric name, an HTTP status and a client-facing description
// that names a category only (never which byte or which key failed).
export const R_MISSING: i32 = 0;
export const R_MALFORMED: i32 = 1;
export const R_TOO_LARGE: i32 = 2;
export const R_BAD_ALG: i32 = 3;
export const R_BAD_TYP: i32 = 4;
export const R_BAD_CRIT: i32 = 5;
export const R_UNKNOWN_KID: i32 = 6;
export const R_BAD_SIGNATURE: i32 = 7;
export const R_EXPIRED: i32 = 8;
export const R_NOT_YET_VALID: i32 = 9;
export const R_BAD_ISSUER: i32 = 10;
export const R_BAD_AUDIENCE: i32 = 11;
export const R_BAD_CREDENTIALS: i32 = 12;
export const R_KEYS_UNAVAILABLE: i32 = 13;
export const R_FORBIDDEN: i32 = 14;
export const R_AUTHZ_DENIED: i32 = 15;
export const R_AUTHZ_ERROR: i32 = 16;
export const R_NO_RULE: i32 = 17;
export const R_RULE_DENY: i32 = 18;
export const R_BODY_TOO_LARGE: i32 = 19;
export const R_BODY_TIMEOUT: i32 = 20;
/** A require or deny rule's match could not be decided (its path regex ran out of step budget). */
export const R_MATCH_UNDECIDED: i32 = 21;
/** The :path is over limits.max_path_bytes: no rule is evaluated. */
export const R_PATH_TOO_LONG: i32 = 22;
export const REASON_COUNT: i32 = 23;

export const REASON_NAMES: StaticArray<string> = [
  "missing", "malformed", "too_large", "bad_alg", "bad_typ", "bad_crit", "unknown_kid", "bad_signature",
  "expired", "not_yet_valid", "bad_issuer", "bad_audience", "bad_credentials", "keys_unavailable",
  "forbidden", "authz_denied", "authz_error", "no_rule", "rule_deny", "body_too_large", "body_timeout",
  "match_undecided", "path_too_long",
];

export const REASON_TEXT: StaticArray<string> = [
  "credentials are missing", "credentials are malformed", "token is too large", "token algorithm is not allowed",
  "token type is not allowed", "token has an unsupported critical header", "token signing key is unknown",
  "token signature is invalid", "token has expired", "token is not yet valid", "token issuer is not allowed",
  "token audience is not allowed", "credentials are invalid", "signing keys are unavailable",
  "access denied", "access denied", "authorization service unavailable", "no rule allows this request", "access denied",
  "request body is too large for the authorization check",
  "request body did not arrive in time for the authorization check",
  "request could not be matched against the access rules", "request path is too long",
];

// Every reason has a name and a text: a mismatch stops the module at load, not at a denial.
assert(REASON_NAMES.length == REASON_COUNT && REASON_TEXT.length == REASON_COUNT, "auth: REASON_NAMES / REASON_TEXT out of step with REASON_COUNT");

/**
 * 401 for every credential failure; 403 once credentials are fine but the rule says no, or when
 * a rule's match cannot be decided; 413 for a body ext-authz cannot take; 414 for a path over
 * the limit.
 */
export function reasonStatus(reason: i32): u32 {
  if (reason == R_BODY_TOO_LARGE) return 413;
  if (reason == R_PATH_TOO_LONG) return 414;
  if (reason == R_MATCH_UNDECIDED) return 403;
  if (reason == R_BODY_TIMEOUT) return 408;
  if (reason == R_FORBIDDEN || reason == R_NO_RULE || reason == R_RULE_DENY || reason == R_AUTHZ_DENIED || reason == R_AUTHZ_ERROR) return 403;
  return 401;
}

// ---- Provider kinds
export const KIND_JWT: i32 = 0;
export const KIND_API_KEY: i32 = 1;
export const KIND_BASIC: i32 = 2;
export const KIND_EXT_AUTHZ: i32 = 3;

/** Who a successful check says the caller is. */
export class Identity {
  /** Consumer name for the consumer header (API key consumer, Basic user, JWT claim), or null. */
  consumer: string | null = null;
  /** The verified JWT payload (JWT providers). */
  payload: JsonValue | null = null;
  /** The payload segment as received (base64url JSON), for payload_header. */
  payloadSegment: string = "";
  /** Headers the ext-authz service asked to add upstream (allow-listed). */
  headers: Array<HeaderPair> = [];
}

/** The outcome of one provider on one request. */
export class Check {
  constructor(public status: i32, public reason: i32, public identity: Identity | null) {}
  /** ext-authz denial: the service's status, body and allow-listed headers, passed to the client. */
  denyStatus: u32 = 0;
  denyBody: string = "";
  denyHeaders: Array<HeaderPair> = [];
  /** Every location a credential was found at (all removed before forwarding unless the provider forwards). */
  sources: Array<Source> | null = null;

  static ok(identity: Identity): Check { return new Check(OK, -1, identity); }
  static fail(reason: i32): Check { return new Check(FAIL, reason, null); }
}

// @ts-ignore: decorator
@lazy export const PENDING_CHECK = new Check(PENDING, -1, null);

/**
 * The HTTP context of a stream the filter evaluates. A check it waits for completes in a root
 * or callout callback (the JWKS fetch's response, the ext-authz answer); that callback calls
 * checkCompleted on the waiting stream, which evaluates again and acts (index.ts).
 */
export abstract class CheckingStream extends HttpContext {
  /** A check this stream waited for completed: evaluate again, then resume or deny. */
  abstract checkCompleted(): void;
}

/**
 * Per-stream evaluation state, kept while the request waits (for JWKS or ext-authz). Results are
 * memoised per provider index so a re-evaluation after the wait only runs what is new.
 */
export class StreamState {
  results: Array<Check | null>;
  /** Providers that already had their one refetch for an unknown kid on this request. */
  refetched: Array<bool>;
  waiting: bool = false;
  done: bool = false;
  /** Waiting for the request body (an ext-authz provider sends it) before evaluating. */
  collecting: bool = false;
  /** While collecting: the most bytes sent and whether a longer body is cut (else 413). */
  bodyLimit: u32 = 0;
  bodyPartial: bool = true;
  /** The request body for ext-authz providers with with_request_body (null: none was read). */
  body: ArrayBuffer | null = null;
  constructor(public ctx: CheckingStream, public view: RequestView, providers: i32) {
    this.results = new Array<Check | null>(providers);
    this.refetched = new Array<bool>(providers);
  }
}

/** Current wall-clock time in seconds (fractional). */
export function nowSeconds(nanos: u64): f64 { return <f64>nanos / 1e9; }
