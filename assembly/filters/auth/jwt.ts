// JWT provider: compact JWS tokens verified against an inline JWKS or a remote one fetched
// through an Envoy cluster. Order of checks, cheapest first, so junk costs little, and nothing
// the signature covers but the header is read before the signature holds:
//   size → 3 segments of base64url → header JSON (alg allowed, typ, crit, no duplicates) →
//   verified-token cache → key by kid → signature → payload JSON → exp/nbf/iat, iss, aud.
// Every step is linear in the token (at most max_token_bytes), so a request's cost is bounded.
// The key decides the algorithm family: verifyJws refuses an alg that does not fit the key's
// kty/curve (so an RSA public key is never used as an HMAC secret) or its JWK "alg".
import {
  Context, Counter, HeaderPair, HttpCallResponse, JsonKind, JsonValue, Json, LogLevel, RootContext, currentTimeNanos,
  asciiLower, dispatchHttpCallFrom, log, logAt,
} from "envoy-as";
import { PublicKey, algMatchesKey, base64urlDecode, hexEncode, sha256, verifyJws } from "envoy-as/lib/crypto";
import { ClaimPath, claimHeaderValue } from "./claims";
import { Source, findCredentials } from "./extract";
import { loadJwks } from "./jwks";
import { Provider, quoteParam } from "./provider";
import {
  Check, Identity, KIND_JWT, OK, PENDING_CHECK, R_BAD_ALG, R_BAD_AUDIENCE, R_BAD_CRIT, R_BAD_ISSUER,
  R_BAD_SIGNATURE, R_BAD_TYP, R_EXPIRED, R_KEYS_UNAVAILABLE, R_MALFORMED, R_MISSING, R_NOT_YET_VALID, R_TOO_LARGE,
  R_UNKNOWN_KID, REASON_TEXT, StreamState, nowSeconds,
} from "./types";

export const SUPPORTED_ALGS: Array<string> = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "HS256", "HS384", "HS512", "EdDSA"];

/** A claim copied to a request header. */
export class ClaimHeader {
  constructor(public claim: ClaimPath, public header: string) {}
}

class CacheEntry {
  constructor(public exp: f64, public identity: Identity) {}
}

/** Verified tokens by SHA-256, bounded (oldest evicted first), each honouring its exp. */
export class TokenCache {
  private map: Map<string, CacheEntry> = new Map<string, CacheEntry>();
  private ring: StaticArray<string | null>;
  private next: i32 = 0;
  constructor(public capacity: i32) {
    this.ring = new StaticArray<string | null>(capacity > 0 ? capacity : 1);
  }

  get(key: string, now: f64, skew: f64): Identity | null {
    if (this.capacity == 0 || !this.map.has(key)) return null;
    const e = this.map.get(key);
    if (e.exp > 0 && now >= e.exp + skew) { this.map.delete(key); return null; }
    return e.identity;
  }

  put(key: string, exp: f64, identity: Identity): void {
    if (this.capacity == 0 || this.map.has(key)) return;
    const old = unchecked(this.ring[this.next]);
    if (old !== null && this.map.has(old)) this.map.delete(old);
    unchecked(this.ring[this.next] = key);
    this.next = (this.next + 1) % this.capacity;
    this.map.set(key, new CacheEntry(exp, identity));
  }

  clear(): void {
    this.map.clear();
    for (let i = 0; i < this.ring.length; i++) unchecked(this.ring[i] = null);
    this.next = 0;
  }

  get size(): i32 { return this.map.size; }
}

/** Remote JWKS settings and fetch state (per provider, per worker VM). */
export class RemoteJwks {
  cluster: string = "";
  path: string = "";
  authority: string = "";
  timeoutMs: u32 = 5000;
  cacheSeconds: f64 = 600;
  minRefetchSeconds: f64 = 30;
  retrySeconds: f64 = 10;
  /** Requests wait for the first fetch (true) or fail at once while there are no keys (false). */
  waitForKeys: bool = true;
  maxWaiting: i32 = 1000;

  hasKeys: bool = false;
  fetching: bool = false;
  lastFetchStart: f64 = -1e18;
  /** When the keys go stale (refresh due), or when to retry after a failure. */
  refreshAt: f64 = 0;
  waiters: Array<StreamState> = [];
  fetchOk: Counter | null = null;
  fetchFailed: Counter | null = null;
  rateLimited: Counter | null = null;
  /** The warnings last logged for a fetched set (logged again only when they change). */
  lastWarnings: string = "";
}

/** The SDK calls back with this as the origin: the root's id plus the provider to update. */
class FetchOrigin extends Context {
  constructor(id: u32, public provider: JwtProvider) { super(id); }
}

function onJwksResponse(origin: Context, response: HttpCallResponse): void {
  const o = changetype<FetchOrigin>(origin);
  o.provider.fetchCompleted(response, nowSeconds(currentTimeNanos()));
}

/** The decoded parts of a token, as far as they were read. */
class Parsed {
  header: JsonValue | null = null;
  payload: JsonValue | null = null;
  alg: string = "";
  kid: string | null = null;
  headerSeg: string = "";
  payloadSeg: string = "";
  sigSeg: string = "";
  exp: f64 = 0;
}

function isB64url(s: string): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F)) return false;
  }
  return true;
}

/** Decodes a base64url segment holding a JSON object; null if anything is off (incl. duplicate members). */
function jsonSegment(seg: string): JsonValue | null {
  const bytes = base64urlDecode(seg);
  if (bytes === null || bytes.length == 0) return null;
  const text = String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length, false);
  const r = Json.parse(text);
  const v = r.value;
  if (v === null || v.kind != JsonKind.Object) return null;
  // RFC 7515 §4/7519 §4: reject duplicate member names rather than guess which one counts.
  const keys = v.keys;
  if (keys.length <= 8) {
    for (let i = 1; i < keys.length; i++) for (let j = 0; j < i; j++) if (unchecked(keys[i]) == unchecked(keys[j])) return null;
  } else {
    const seen = new Set<string>();
    for (let i = 0; i < keys.length; i++) {
      if (seen.has(unchecked(keys[i]))) return null;
      seen.add(unchecked(keys[i]));
    }
  }
  return v;
}

/** Largest NumericDate + 1 accepted: 2^64, jwt_verify_lib's bound (an unsigned 64-bit integer). */
const NUMERIC_DATE_LIMIT: f64 = 18446744073709551616.0;

/** A NumericDate claim: 0 = absent; NaN = present but not a number in [0, 2^64) (as jwt_authn refuses). */
function numericDate(payload: JsonValue, name: string): f64 {
  const v = payload.get(name);
  if (v === null) return 0;
  if (v.kind != JsonKind.Number) return NaN;
  const n = v.num;
  if (!(n >= 0 && n < NUMERIC_DATE_LIMIT)) return NaN;
  return n;
}

/** False if claim `name` is present and not a string (jwt_authn refuses such iss, sub, jti). */
function stringOrAbsent(payload: JsonValue, name: string): bool {
  const v = payload.get(name);
  return v === null || v.kind == JsonKind.String;
}

/** False if `aud` is present and neither a string nor an array of strings (RFC 7519 §4.1.3). */
function audienceShapeOk(payload: JsonValue): bool {
  const aud = payload.get("aud");
  if (aud === null || aud.kind == JsonKind.String) return true;
  if (aud.kind != JsonKind.Array) return false;
  for (let i = 0; i < aud.items.length; i++) if (aud.items[i].kind != JsonKind.String) return false;
  return true;
}

export class JwtProvider extends Provider {
  issuers: Array<string> = [];
  audiences: Array<string> = [];
  algorithms: Array<string> = SUPPORTED_ALGS;
  typ: string | null = null;
  clockSkew: f64 = 60;
  requireExp: bool = true;
  maxTokenBytes: i32 = 8192;
  claimHeaders: Array<ClaimHeader> = [];
  payloadHeader: string | null = null;
  consumerClaim: ClaimPath | null = null;
  realm: string = "";
  keys: Array<PublicKey> = [];
  remote: RemoteJwks | null = null;
  cache: TokenCache = new TokenCache(500);
  cacheHits: Counter | null = null;

  constructor(name: string) {
    super(name, KIND_JWT);
    this.sources = [new Source(0, "authorization", "Bearer ")];
  }

  challenge(reason: i32): string {
    let c = "Bearer";
    if (this.realm.length) c += " realm=" + quoteParam(this.realm);
    if (reason == R_MISSING) return c;
    return c + (this.realm.length ? "," : "") + " error=\"invalid_token\", error_description=" + quoteParam(REASON_TEXT[reason]);
  }

  outputHeaders(): Array<string> {
    const out = new Array<string>();
    for (let i = 0; i < this.claimHeaders.length; i++) out.push(this.claimHeaders[i].header);
    if (this.payloadHeader !== null) out.push(this.payloadHeader!);
    return out;
  }

  get needsTicks(): bool { return this.remote !== null; }

  /**
   * Verifies every token the request carries at this provider's sources, as jwt_authn does: one
   * that fails fails the request, so a second, unverified token can never ride along to the
   * upstream. The same token at two locations is verified once; the identity is the first
   * location's (in `from` order).
   */
  check(st: StreamState, root: RootContext, now: f64): Check {
    const found = findCredentials(st.view, this.sources);
    if (found.duplicate) return Check.fail(R_MALFORMED);
    const tokens = found.values;
    if (tokens.length == 0) return Check.fail(R_MISSING);
    let first: Check | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const token = unchecked(tokens[i]);
      let repeated = false;
      for (let j = 0; j < i && !repeated; j++) repeated = unchecked(tokens[j]) == token;
      if (repeated) continue;
      const c = this.checkToken(token, st, root, now);
      if (c.status != OK) return c; // a failure, or PENDING (checked again, all of them, on wake)
      if (first === null) first = c;
    }
    const ok = first!;
    ok.sources = found.sources;
    return ok;
  }

  /** One token: OK with its identity, a failure, or PENDING_CHECK while keys are fetched. */
  private checkToken(token: string, st: StreamState, root: RootContext, now: f64): Check {
    if (token.length == 0) return Check.fail(R_MALFORMED);
    if (token.length > this.maxTokenBytes) return Check.fail(R_TOO_LARGE);

    // Segments: exactly three, all base64url (a JWE has five: not accepted).
    const d1 = token.indexOf(".");
    if (d1 <= 0) return Check.fail(R_MALFORMED);
    const d2 = token.indexOf(".", d1 + 1);
    if (d2 < 0 || token.indexOf(".", d2 + 1) >= 0) return Check.fail(R_MALFORMED);
    const p = new Parsed();
    p.headerSeg = token.substring(0, d1);
    p.payloadSeg = token.substring(d1 + 1, d2);
    p.sigSeg = token.substring(d2 + 1);
    if (p.payloadSeg.length == 0 || p.sigSeg.length == 0) return Check.fail(R_MALFORMED);
    if (!isB64url(p.headerSeg) || !isB64url(p.payloadSeg) || !isB64url(p.sigSeg)) return Check.fail(R_MALFORMED);

    const headerReason = this.checkHeader(p);
    if (headerReason >= 0) return Check.fail(headerReason);

    // Verified before? The key is the token's SHA-256 (per provider, bounded, honouring exp).
    const cacheKey = this.cache.capacity > 0 ? hexEncode(sha256(Uint8Array.wrap(String.UTF8.encode(token)))) : "";
    if (this.cache.capacity > 0) {
      const hit = this.cache.get(cacheKey, now, this.clockSkew);
      if (hit !== null) {
        let c = this.cacheHits;
        if (c === null) { c = Counter.create("auth.provider." + this.name + ".cache_hit"); this.cacheHits = c; }
        c.increment();
        return Check.ok(hit);
      }
    }

    // Keys: wait for the first fetch of a remote JWKS if configured so.
    const remote = this.remote;
    if (remote !== null && !remote.hasKeys) {
      if (!remote.fetching && now >= remote.refreshAt) this.startFetch(root, now);
      if (remote.fetching && remote.waitForKeys && !st.refetched[this.index]) {
        st.refetched[this.index] = true;
        if (this.addWaiter(st)) return PENDING_CHECK;
      }
      return Check.fail(R_KEYS_UNAVAILABLE);
    }
    if (remote !== null && !remote.fetching && now >= remote.refreshAt) this.startFetch(root, now); // stale: refresh in the background

    const verdict = this.verifySignature(p);
    if (verdict == R_UNKNOWN_KID && remote !== null && !st.refetched[this.index]) {
      // Keys may have rotated: refetch, at most once per min_refetch_interval, and wait for it.
      if (remote.fetching || (now - remote.lastFetchStart >= remote.minRefetchSeconds && this.startFetch(root, now))) {
        st.refetched[this.index] = true;
        if (this.addWaiter(st)) return PENDING_CHECK;
      } else {
        let c = remote.rateLimited;
        if (c === null) { c = Counter.create("auth.jwks." + this.name + ".refetch_rate_limited"); remote.rateLimited = c; }
        c.increment();
      }
    }
    if (verdict >= 0) return Check.fail(verdict);

    // Only a payload under a valid signature is parsed, and only then are its claims read.
    const payload = jsonSegment(p.payloadSeg);
    if (payload === null) return Check.fail(R_MALFORMED);
    p.payload = payload;
    const claimsReason = this.checkClaims(p, now);
    if (claimsReason >= 0) return Check.fail(claimsReason);

    const id = new Identity();
    id.payload = payload;
    id.payloadSegment = p.payloadSeg;
    const cc = this.consumerClaim;
    if (cc !== null) {
      const v = cc.lookup(payload);
      if (v !== null && v.kind == JsonKind.String) id.consumer = claimHeaderValue(v);
    }
    if (this.cache.capacity > 0) this.cache.put(cacheKey, p.exp, id);
    return Check.ok(id);
  }

  /** -1 if the header is acceptable, else the reason. */
  private checkHeader(p: Parsed): i32 {
    const header = jsonSegment(p.headerSeg);
    if (header === null) return R_MALFORMED;
    p.header = header;
    const alg = header.get("alg");
    if (alg === null || alg.kind != JsonKind.String) return R_MALFORMED;
    // "none" is never in the list; neither is anything we cannot verify.
    if (!this.algorithms.includes(alg.str)) return R_BAD_ALG;
    p.alg = alg.str;
    const kid = header.get("kid");
    if (kid !== null) {
      if (kid.kind != JsonKind.String) return R_MALFORMED;
      p.kid = kid.str;
    }
    const typ = header.get("typ");
    const want = this.typ;
    if (want !== null) {
      if (typ === null || typ.kind != JsonKind.String || !typMatches(typ.str, want)) return R_BAD_TYP;
    } else if (typ !== null && typ.kind != JsonKind.String) return R_MALFORMED;
    // RFC 7515 §4.1.11: a critical extension we do not implement makes the token invalid. We
    // implement none (so "b64": false, RFC 7797, is refused too).
    if (header.get("crit") !== null) return R_BAD_CRIT;
    const b64 = header.get("b64");
    if (b64 !== null && !(b64.kind == JsonKind.Bool && b64.bool)) return R_BAD_CRIT;
    return -1;
  }

  /** -1 if the claims are acceptable now, else the reason. */
  private checkClaims(p: Parsed, now: f64): i32 {
    const payload = p.payload!;
    const skew = this.clockSkew;
    const exp = numericDate(payload, "exp");
    const nbf = numericDate(payload, "nbf");
    const iat = numericDate(payload, "iat");
    if (isNaN(exp) || isNaN(nbf) || isNaN(iat)) return R_MALFORMED;
    if (!stringOrAbsent(payload, "iss") || !stringOrAbsent(payload, "sub") || !stringOrAbsent(payload, "jti") || !audienceShapeOk(payload)) return R_MALFORMED;
    if (payload.get("exp") === null) {
      if (this.requireExp) return R_MALFORMED;
    } else if (now >= exp + skew) return R_EXPIRED;
    p.exp = payload.get("exp") === null ? 0 : exp;
    if (payload.get("nbf") !== null && now + skew < nbf) return R_NOT_YET_VALID;
    if (payload.get("iat") !== null && now + skew < iat) return R_NOT_YET_VALID;
    if (this.issuers.length) {
      const iss = payload.get("iss");
      if (iss === null || iss.kind != JsonKind.String || !this.issuers.includes(iss.str)) return R_BAD_ISSUER;
    }
    if (this.audiences.length) {
      const aud = payload.get("aud");
      if (aud === null) return R_BAD_AUDIENCE;
      let ok = false;
      if (aud.kind == JsonKind.String) ok = this.audiences.includes(aud.str);
      else for (let i = 0; i < aud.items.length && !ok; i++) ok = this.audiences.includes(aud.items[i].str); // shape checked above
      if (!ok) return R_BAD_AUDIENCE;
    }
    return -1;
  }

  /**
   * -1 if a key verifies the signature; else R_UNKNOWN_KID, R_BAD_ALG or R_BAD_SIGNATURE. Keys
   * are selected as jwt_verify_lib does: a token with a kid tries the keys with that kid and the
   * keys without one; a token without kid tries every key. Of those, only keys whose type (and
   * curve) fits the token's alg and whose JWK "alg", if any, equals it are used.
   */
  private verifySignature(p: Parsed): i32 {
    const sig = base64urlDecode(p.sigSeg);
    if (sig === null) return R_MALFORMED;
    const n = p.headerSeg.length + 1 + p.payloadSeg.length;
    const input = new Uint8Array(n);
    writeAscii(input, 0, p.headerSeg);
    input[p.headerSeg.length] = 0x2E;
    writeAscii(input, p.headerSeg.length + 1, p.payloadSeg);
    const kid = p.kid;
    const alg = p.alg;
    let kidKnown = false;
    let tried = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const key = unchecked(this.keys[i]);
      const k = key.kid;
      if (kid !== null && k !== null) {
        if (k != kid) continue;
        kidKnown = true;
      }
      // The key decides: its kty/curve and its JWK "alg" must fit the token's alg.
      const pinned = key.alg;
      if (!algMatchesKey(alg, key) || (pinned !== null && pinned != alg)) continue;
      tried++;
      if (verifyJws(alg, key, input, sig)) return -1;
    }
    // A kid no key carries may be a rotated key (a remote set is refetched for it).
    if (kid !== null && !kidKnown) return R_UNKNOWN_KID;
    if (tried == 0) return this.keys.length == 0 ? R_UNKNOWN_KID : R_BAD_ALG;
    return R_BAD_SIGNATURE;
  }

  private addWaiter(st: StreamState): bool {
    const remote = this.remote!;
    if (remote.waiters.length >= remote.maxWaiting) return false;
    remote.waiters.push(st);
    return true;
  }

  /** Forgets a stream that ended while waiting. */
  removeWaiter(st: StreamState): void {
    const remote = this.remote;
    if (remote === null) return;
    const i = remote.waiters.indexOf(st);
    if (i >= 0) remote.waiters.splice(i, 1);
  }

  /** Starts a JWKS fetch from the root context; false if the host refused it. */
  startFetch(root: RootContext, now: f64): bool {
    const remote = this.remote!;
    if (remote.fetching) return true;
    remote.lastFetchStart = now;
    const headers: Array<HeaderPair> = [
      new HeaderPair(":method", "GET"), new HeaderPair(":path", remote.path), new HeaderPair(":authority", remote.authority),
      new HeaderPair(":scheme", "http"), new HeaderPair("accept", "application/json"),
    ];
    const call = dispatchHttpCallFrom(new FetchOrigin(root.id, this), remote.cluster, headers, new ArrayBuffer(0), [], remote.timeoutMs, onJwksResponse);
    if (!call.ok) {
      this.fetchFailedAt(now, "the host refused the call (" + call.message + ")");
      return false;
    }
    remote.fetching = true;
    return true;
  }

  private fetchFailedAt(now: f64, why: string): void {
    const remote = this.remote!;
    remote.fetching = false;
    remote.refreshAt = now + remote.retrySeconds;
    let c = remote.fetchFailed;
    if (c === null) { c = Counter.create("auth.jwks." + this.name + ".fetch_failed"); remote.fetchFailed = c; }
    c.increment();
    log.warn("auth: provider " + this.name + ": JWKS fetch from cluster " + remote.cluster + " failed: " + why +
      (remote.hasKeys ? "; keeping the previous keys" : "") + "; retrying in " + (<i64>remote.retrySeconds).toString() + " s");
  }

  /** The JWKS response arrived (root context current): install the keys, wake the waiters. */
  fetchCompleted(response: HttpCallResponse, now: f64): void {
    const remote = this.remote!;
    if (response.failed) this.fetchFailedAt(now, response.failure);
    else if (response.status != 200) this.fetchFailedAt(now, "HTTP status " + response.status.toString());
    else {
      const parsed = Json.parse(response.bodyString());
      const v = parsed.value;
      if (v === null) this.fetchFailedAt(now, "not JSON: " + parsed.error + " at offset " + parsed.offset.toString());
      else {
        const load = loadJwks(v);
        const keys = load.keys;
        // Broken entries of a fetched set are skipped too (the IdP's other keys still work).
        const notes = new Array<string>();
        for (let i = 0; i < load.errors.length; i++) notes.push("JWKS key skipped: " + load.errors[i]);
        for (let i = 0; i < load.skipped.length; i++) notes.push("JWKS key skipped: " + load.skipped[i]);
        for (let i = 0; i < load.warnings.length; i++) notes.push("JWKS from cluster " + remote.cluster + ": " + load.warnings[i]);
        const text = notes.join("\n");
        if (text != remote.lastWarnings) {
          // Each worker refetches every cache_duration_s: say it once per change of the set.
          for (let i = 0; i < notes.length; i++) logAt(LogLevel.Warn, "auth: provider " + this.name + ": " + notes[i]);
          remote.lastWarnings = text;
        }
        if (keys.length == 0) this.fetchFailedAt(now, "no usable key in the JWK Set");
        else {
          this.keys = keys;
          // Tokens verified with keys that may be gone are verified again.
          this.cache.clear();
          remote.hasKeys = true;
          remote.fetching = false;
          remote.refreshAt = now + remote.cacheSeconds;
          let c = remote.fetchOk;
          if (c === null) { c = Counter.create("auth.jwks." + this.name + ".fetch_ok"); remote.fetchOk = c; }
          c.increment();
          log.debug("auth: provider " + this.name + ": loaded " + keys.length.toString() + " key(s) from cluster " + remote.cluster);
        }
      }
    }
    const waiters = remote.waiters;
    remote.waiters = [];
    for (let i = 0; i < waiters.length; i++) {
      const st = unchecked(waiters[i]);
      if (!st.done) st.ctx.checkCompleted();
    }
  }

  tick(root: RootContext, now: f64): void {
    const remote = this.remote;
    if (remote === null || remote.fetching) return;
    if (now >= remote.refreshAt) this.startFetch(root, now);
  }
}

function writeAscii(dst: Uint8Array, at: i32, s: string): void {
  const base = dst.dataStart + <usize>at;
  for (let i = 0; i < s.length; i++) store<u8>(base + <usize>i, <u8>s.charCodeAt(i));
}

/** typ comparison per RFC 7515 §4.1.9: case-insensitive, "application/" optional. */
function typMatches(got: string, want: string): bool {
  let g = asciiLower(got);
  let w = asciiLower(want);
  if (g.startsWith("application/")) g = g.substring(12);
  if (w.startsWith("application/")) w = w.substring(12);
  return g == w;
}
