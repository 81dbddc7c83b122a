// auth: authentication and authorization at the edge. Rules map requests to requirements over
// named providers (JWT with inline or remote JWKS, API keys, Basic, ext-authz); see README.md.
import {
  Configuration, Counter, DataAction, HeaderPair, HeadersAction, HttpContext, TrailersAction, RootContext, currentTimeNanos, jsonQuote, log,
  registerRootContext, request, setEffectiveContext, setTickPeriod,
} from "envoy-as";
import { readConfiguration } from "envoy-as/lib/config";
import { overBytes } from "envoy-as/lib/limits";
import { NO_MATCH, RequestView, UNDECIDED } from "envoy-as/lib/match";
import { claimHeaderValue } from "./claims";
import { Settings, readSettings } from "./config";
import { removeCredential } from "./extract";
import { ExtAuthzProvider } from "./extauthz";
import { JwtProvider } from "./jwt";
import { ACTION_ALLOW, ACTION_DENY, Rule, checksOf, chooseFailure, evaluate, isCleanPath, leavesOf, satisfying } from "./rules";
import {
  Check, FAIL, KIND_EXT_AUTHZ, KIND_JWT, OK, PENDING, REASON_COUNT, REASON_NAMES, REASON_TEXT, R_BODY_TIMEOUT, R_BODY_TOO_LARGE, R_FORBIDDEN,
  R_MATCH_UNDECIDED, R_NO_RULE, R_PATH_TOO_LONG, R_RULE_DENY, StreamState, CheckingStream, nowSeconds, reasonStatus,
} from "./types";

export * from "envoy-as/sdk/abi/exports";

/** Request-level counters. */
class Totals {
  allowed: Counter = Counter.create("auth.allowed");
  denied: Counter = Counter.create("auth.denied");
  bypass: Counter = Counter.create("auth.bypass");
  defaultAllowed: Counter = Counter.create("auth.default_allowed");
  deniedBy: StaticArray<Counter | null> = new StaticArray<Counter | null>(REASON_COUNT);

  deny(reason: i32): void {
    this.denied.increment();
    let c = unchecked(this.deniedBy[reason]);
    if (c === null) { c = Counter.create("auth.denied." + unchecked(REASON_NAMES[reason])); unchecked(this.deniedBy[reason] = c); }
    c.increment();
  }
}

/**
 * How long a stream collecting its body for ext-authz may go without a body chunk. Without
 * Envoy's allow_on_headers_stop_iteration, Envoy holds the body while the headers are stopped, so
 * no chunk ever comes: the request is answered 408 after this wait (and the cause logged) instead
 * of hanging until Envoy's stream idle timeout.
 */
const BODY_WAIT_MS: u64 = 10_000;
/** Tick period while any provider collects bodies (the body wait is checked on ticks). */
const BODY_TICK_MS: u32 = 500;

class Auth extends RootContext {
  settings: Settings = new Settings();
  totals: Totals | null = null;
  /** Streams collecting a request body for ext-authz, checked on ticks for BODY_WAIT_MS. */
  collecting: Array<AuthStream> = [];
  /** The missing-flag hint is logged once per root context. */
  hintLogged: bool = false;

  onConfigure(configuration: Configuration): bool {
    const read = readConfiguration<Settings>("auth", configuration.toString(), readSettings);
    if (read === null) return false;
    const settings = read!;
    this.settings = settings;
    if (this.totals === null) this.totals = new Totals();
    let tick: u32 = settings.needsTicks ? settings.tickMs : 0;
    if (settings.collectsBodies && (tick == 0 || tick > BODY_TICK_MS)) tick = BODY_TICK_MS;
    if (tick != 0) setTickPeriod(tick);
    log.info("auth: configured " + settings.providers.length.toString() + " provider(s), " + settings.rules.length.toString() + " rule(s)");
    return true;
  }

  onTick(): void {
    const nanos = currentTimeNanos();
    const now = nowSeconds(nanos);
    const providers = this.settings.providers;
    for (let i = 0; i < providers.length; i++) unchecked(providers[i]).tick(this, now);
    if (this.collecting.length) this.sweepBodyWaits(nanos / 1_000_000);
  }

  /** Answers 408 to streams whose body stopped arriving; forgets streams that are done collecting. */
  sweepBodyWaits(nowMs: u64): void {
    const still = new Array<AuthStream>();
    for (let i = 0; i < this.collecting.length; i++) {
      const stream = unchecked(this.collecting[i]);
      const st = stream.st;
      if (st === null || st.done || !st.collecting) continue;
      if (nowMs - stream.lastBodyMs < BODY_WAIT_MS) { still.push(stream); continue; }
      if (!stream.sawBody && !this.hintLogged) {
        this.hintLogged = true;
        log.error("auth: no request body reached the filter within " + BODY_WAIT_MS.toString() + " ms of the headers; " +
          "ext_authz.with_request_body needs the Envoy plugin setting allow_on_headers_stop_iteration: true (without it Envoy holds the body)");
      }
      st.collecting = false;
      setEffectiveContext(stream.id);
      stream.deny(R_BODY_TIMEOUT, null);
    }
    this.collecting = still;
  }

  newHttpContext(contextId: u32): HttpContext {
    return new AuthStream(contextId, this);
  }
}

class AuthStream extends CheckingStream {
  st: StreamState | null = null;
  settings: Settings | null = null;
  rule: Rule | null = null;
  /** When the headers or the last body chunk arrived while collecting the body (ms). */
  lastBodyMs: u64 = 0;
  /** Whether any body chunk reached the filter. */
  sawBody: bool = false;

  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const root = this.root as Auth;
    const settings = root.settings;
    this.settings = settings;
    const totals = root.totals!;
    // Every header at once: credentials, cookies and ext-authz look at most of them.
    const view = RequestView.withAllHeaders(settings.maxPathBytes);

    // Identity headers are the filter's to write: never pass on a client's own.
    const strip = settings.stripHeaders;
    for (let i = 0; i < strip.length; i++) {
      const name = unchecked(strip[i]);
      if (view.headerCount(name) == 0) continue;
      request.headers.remove(name);
      const kept = new Array<HeaderPair>();
      for (let j = 0; j < view.pairs.length; j++) if (view.pairs[j].name != name) kept.push(view.pairs[j]);
      view.pairs = kept;
    }

    // A path over the limit is not examined at all: no rule can be decided for it.
    if (overBytes(view.rawPath, settings.maxPathBytes)) {
      log.warn("auth: :path of " + String.UTF8.byteLength(view.rawPath).toString() + " bytes is over limits.max_path_bytes (" + settings.maxPathBytes.toString() + "); denied 414");
      return this.denyPlain(R_PATH_TOO_LONG);
    }
    const clean = isCleanPath(view.path);
    let rule: Rule | null = null;
    const rules = settings.rules;
    for (let i = 0; i < rules.length; i++) {
      const r = unchecked(rules[i]);
      if (r.action == ACTION_ALLOW && !clean) continue; // bypasses apply to unambiguous paths only
      const m = r.match.matches(view);
      if (m == NO_MATCH) continue;
      if (m == UNDECIDED) {
        // Fail closed: a bypass that cannot be decided is not taken; a rule that guards or
        // blocks the request and cannot be decided denies it (it may have matched).
        if (r.action == ACTION_ALLOW) continue;
        log.warn("auth: rule " + (r.name.length ? r.name : "rules[" + i.toString() + "]") + ": " +
          (r.match.pathRegex !== null ? "path regex ran out of its step budget on a path of " + view.path.length.toString() + " characters" : "header regex ran out of its step budget") + "; denied");
        return this.denyPlain(R_MATCH_UNDECIDED);
      }
      rule = r;
      break;
    }
    if (rule === null) {
      if (settings.defaultAllow && clean) {
        totals.defaultAllowed.increment();
        totals.allowed.increment();
        return HeadersAction.Continue;
      }
      return this.denyPlain(R_NO_RULE);
    }
    if (rule.action == ACTION_ALLOW) {
      totals.bypass.increment();
      totals.allowed.increment();
      return HeadersAction.Continue;
    }
    if (rule.action == ACTION_DENY) return this.denyPlain(R_RULE_DENY);
    this.rule = rule;
    this.st = new StreamState(this, view, settings.providers.length);
    // An ext-authz provider that takes the body: hold the headers (StopIteration, which Envoy
    // honours only with allow_on_headers_stop_iteration) and evaluate once the body is in.
    if (!endOfStream && this.wantsBody(rule, this.st!)) {
      this.st!.collecting = true;
      this.lastBodyMs = currentTimeNanos() / 1_000_000;
      root.collecting.push(this);
      return HeadersAction.StopIteration;
    }
    return this.run();
  }

  /** Whether the rule's requirement has an ext-authz provider with with_request_body; sets the body limit. */
  wantsBody(rule: Rule, st: StreamState): bool {
    const leaves = new Array<i32>();
    leavesOf(rule.requirement!, leaves);
    const providers = this.settings!.providers;
    let wants = false;
    for (let i = 0; i < leaves.length; i++) {
      const p = providers[leaves[i]];
      if (p.kind != KIND_EXT_AUTHZ) continue;
      const x = p as ExtAuthzProvider;
      if (!x.withBody) continue;
      if (!wants || x.maxBodyBytes < st.bodyLimit) st.bodyLimit = x.maxBodyBytes;
      if (!x.allowPartial) st.bodyPartial = false;
      wants = true;
    }
    return wants;
  }

  onRequestBody(bodySize: u32, endOfStream: bool): DataAction {
    const st = this.st;
    if (st === null || st.done) return DataAction.Continue;
    // Still deciding (a check is out; the body reaches us only with allow_on_headers_stop_iteration): hold it.
    if (!st.collecting) return DataAction.StopIterationAndBuffer;
    this.sawBody = true;
    this.lastBodyMs = currentTimeNanos() / 1_000_000;
    if (bodySize > st.bodyLimit || endOfStream || (bodySize == st.bodyLimit && st.bodyPartial)) return this.bodyComplete(bodySize);
    return DataAction.StopIterationAndBuffer;
  }

  onRequestTrailers(trailerCount: u32): TrailersAction {
    const st = this.st;
    if (st === null || st.done) return TrailersAction.Continue;
    if (!st.collecting) return TrailersAction.StopIteration;
    // Trailers end the body: what was buffered is all of it.
    return this.bodyComplete(request.body.size()) == DataAction.Continue ? TrailersAction.Continue : TrailersAction.StopIteration;
  }

  /**
   * The body is in (or over the limit): 413 when it is too large and partial bodies are not
   * allowed, else read at most the limit and evaluate. Continue when allowed at once.
   */
  bodyComplete(size: u32): DataAction {
    const st = this.st!;
    st.collecting = false;
    if (size > st.bodyLimit && !st.bodyPartial) {
      this.deny(R_BODY_TOO_LARGE, null);
      return DataAction.StopIterationNoBuffer;
    }
    const n = size > st.bodyLimit ? st.bodyLimit : size;
    const body = n > 0 ? request.body.get(0, n) : null;
    st.body = body === null ? new ArrayBuffer(0) : body;
    return this.run() == HeadersAction.Continue ? DataAction.Continue : DataAction.StopIterationAndBuffer;
  }

  /** Evaluates (again) and acts: Continue when allowed, StopIteration when waiting or denied. */
  run(): HeadersAction {
    const st = this.st!;
    const rule = this.rule!;
    const settings = this.settings!;
    const req = rule.requirement!;
    const status = evaluate(req, st, settings.providers, this.root, nowSeconds(currentTimeNanos()));
    if (status == PENDING) {
      st.waiting = true;
      return HeadersAction.StopIteration;
    }
    st.waiting = false;
    this.countProviders();
    if (status == FAIL) {
      const idx = chooseFailure(req, st);
      const check = st.results[idx]!;
      this.deny(check.reason, check);
      return HeadersAction.StopIteration;
    }

    const used = new Array<i32>();
    satisfying(req, st, used);
    const checks = checksOf(used, st);
    if (!this.authorized(rule, checks)) {
      this.deny(R_FORBIDDEN, null);
      return HeadersAction.StopIteration;
    }
    this.apply(used, checks);
    (this.root as Auth).totals!.allowed.increment();
    st.done = true;
    return HeadersAction.Continue;
  }

  /** Every provider this request's requirement ran, once. */
  countProviders(): void {
    const st = this.st!;
    const leaves = new Array<i32>();
    leavesOf(this.rule!.requirement!, leaves);
    const providers = this.settings!.providers;
    for (let i = 0; i < leaves.length; i++) {
      const r = st.results[leaves[i]];
      if (r === null) continue;
      if (r.status == OK) providers[leaves[i]].countAllowed();
      else providers[leaves[i]].countDenied(r.reason);
    }
  }

  /** Rule-level authorization of authenticated callers: consumers and claims. */
  authorized(rule: Rule, checks: Array<Check>): bool {
    if (rule.consumers.length) {
      let ok = false;
      for (let i = 0; i < checks.length && !ok; i++) {
        const c = checks[i].identity!.consumer;
        if (c !== null && rule.consumers.includes(c)) ok = true;
      }
      if (!ok) return false;
    }
    for (let k = 0; k < rule.claims.length; k++) {
      const cond = rule.claims[k];
      let ok = false;
      for (let i = 0; i < checks.length && !ok; i++) {
        const payload = checks[i].identity!.payload;
        if (payload !== null && cond.holds(payload)) ok = true;
      }
      if (!ok) return false;
    }
    return true;
  }

  /** Strips consumed credentials and writes identity headers upstream. */
  apply(used: Array<i32>, checks: Array<Check>): void {
    const settings = this.settings!;
    const view = this.st!.view;
    let consumer: string | null = null;
    for (let i = 0; i < used.length; i++) {
      const p = settings.providers[used[i]];
      const c = checks[i];
      const found = c.sources;
      if (p.forward || found === null) continue;
      for (let k = 0; k < found.length; k++) removeCredential(view, unchecked(found[k]));
    }
    for (let i = 0; i < used.length; i++) {
      const p = settings.providers[used[i]];
      const id = checks[i].identity!;
      if (consumer === null && id.consumer !== null) consumer = id.consumer;
      if (p.kind == KIND_JWT) {
        const jwt = p as JwtProvider;
        const payload = id.payload!;
        for (let k = 0; k < jwt.claimHeaders.length; k++) {
          const ch = jwt.claimHeaders[k];
          const v = claimHeaderValue(ch.claim.lookup(payload));
          if (v !== null) request.headers.set(ch.header, v);
        }
        if (jwt.payloadHeader !== null) request.headers.set(jwt.payloadHeader!, id.payloadSegment);
      } else if (p.kind == KIND_EXT_AUTHZ) {
        for (let k = 0; k < id.headers.length; k++) request.headers.set(id.headers[k].name, id.headers[k].value);
      }
    }
    if (consumer !== null && settings.consumerHeader.length) request.headers.set(settings.consumerHeader, consumer);
  }

  denyPlain(reason: i32): HeadersAction {
    this.deny(reason, null);
    return HeadersAction.StopIteration;
  }

  /** Sends the local reply for `reason` (with the check's details for ext-authz denials). */
  deny(reason: i32, check: Check | null): void {
    const root = this.root as Auth;
    root.totals!.deny(reason);
    if (this.st !== null) this.st!.done = true;
    const details = "auth_" + REASON_NAMES[reason];
    if (check !== null && check.denyStatus != 0 && check.denyBody.length) {
      // The authorization service's own answer, as it gave it.
      const headers = check.denyHeaders;
      let typed = false;
      for (let i = 0; i < headers.length; i++) if (headers[i].name == "content-type") typed = true;
      if (!typed) headers.push(new HeaderPair("content-type", "text/plain"));
      this.sendLocalResponse(check.denyStatus, check.denyBody, headers, details);
      return;
    }
    const status = check !== null && check.denyStatus != 0 ? check.denyStatus : reasonStatus(reason);
    const headers: Array<HeaderPair> = [new HeaderPair("content-type", "application/json")];
    if (check !== null) for (let i = 0; i < check.denyHeaders.length; i++) headers.push(check.denyHeaders[i]);
    if (status == 401) this.challenges(headers);
    else if (reason == R_FORBIDDEN && this.usedJwt()) headers.push(new HeaderPair("www-authenticate", "Bearer error=\"insufficient_scope\""));
    const body = "{\"status\":" + status.toString() + ",\"error\":" + (status == 401 ? "\"unauthorized\"" : status == 413 ? "\"payload_too_large\"" : status == 414 ? "\"uri_too_long\"" : status == 408 ? "\"request_timeout\"" : "\"forbidden\"") +
      ",\"reason\":" + jsonQuote(REASON_NAMES[reason]) + ",\"message\":" + jsonQuote(REASON_TEXT[reason]) + "}";
    this.sendLocalResponse(status, body, headers, details);
  }

  /** WWW-Authenticate for every failed provider of the requirement (a client may pick any). */
  challenges(headers: Array<HeaderPair>): void {
    const st = this.st;
    const rule = this.rule;
    if (st === null || rule === null) return;
    const leaves = new Array<i32>();
    leavesOf(rule.requirement!, leaves);
    const seen = new Array<string>();
    for (let i = 0; i < leaves.length; i++) {
      const r = st.results[leaves[i]];
      if (r === null || r.status != FAIL || reasonStatus(r.reason) != 401) continue;
      const c = this.settings!.providers[leaves[i]].challenge(r.reason);
      if (c.length == 0 || seen.includes(c)) continue;
      seen.push(c);
      headers.push(new HeaderPair("www-authenticate", c));
    }
  }

  usedJwt(): bool {
    const st = this.st;
    if (st === null) return false;
    const providers = this.settings!.providers;
    for (let i = 0; i < st.results.length; i++) {
      const r = st.results[i];
      if (r !== null && r.status == OK && providers[i].kind == KIND_JWT) return true;
    }
    return false;
  }

  /** A JWKS fetch or ext-authz answer this stream waited for arrived (root callback): finish it. */
  checkCompleted(): void {
    const st = this.st;
    if (st === null || st.done || !st.waiting) return;
    setEffectiveContext(this.id);
    const action = this.run();
    if (action == HeadersAction.Continue) this.resumeRequest();
  }

  onDelete(): void {
    const st = this.st;
    if (st === null) return;
    st.done = true;
    if (st.waiting) {
      const providers = this.settings!.providers;
      for (let i = 0; i < providers.length; i++) if (providers[i].kind == KIND_JWT) (providers[i] as JwtProvider).removeWaiter(st);
    }
  }
}

registerRootContext("auth", (id: u32): RootContext => new Auth(id));
