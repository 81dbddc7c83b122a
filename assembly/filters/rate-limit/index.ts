// rate-limit: rules that match requests, key them (client IP, header, query parameter, path,
// consumer, constant) and admit them against token buckets shared by every worker through
// Envoy shared data (exact across workers: CAS), or ask a rate limit service speaking Envoy's
// RateLimitService/ShouldRateLimit gRPC protocol. See README.md for the configuration.
import {
  Configuration, Context, GrpcResponse, HeaderPair, HeadersAction, HttpContext, PropertyPath, RootContext,
  StringBuilder, currentTimeMillis, grpcCall, log, registerRootContext, request, response,
} from "envoy-as";
import { readConfiguration } from "envoy-as/lib/config";
import { BucketStore, Verdict, slotKeyBytes } from "./bucket";
import {
  Rule, SRC_CLIENT_IP, SRC_CONSTANT, SRC_CONSUMER, SRC_HEADER, SRC_PATH, SRC_QUERY, Settings, readSettings,
} from "./config";
import { NO_MATCH, PATH_ANY, RequestView, UNDECIDED, queryParam } from "envoy-as/lib/match";
import { stripPort, xffClient } from "./address";
import { CODE_OVER_LIMIT, Entry, decodeResponse, encodeRequest, unitSeconds } from "./rls";

export * from "envoy-as/sdk/abi/exports-http";
export * from "envoy-as/sdk/abi/exports-grpc";

const SOURCE_ADDRESS = new PropertyPath(["source", "address"]);
const RLS_SERVICE = "envoy.service.ratelimit.v3.RateLimitService";
const RLS_METHOD = "ShouldRateLimit";

class RateLimit extends RootContext {
  settings: Settings = new Settings();
  store: BucketStore = new BucketStore();
  /** Reused by every request (reset at its first local rule). */
  verdict: Verdict = new Verdict();

  onConfigure(configuration: Configuration): bool {
    const read = readConfiguration<Settings>("rate-limit", configuration.toString(), readSettings);
    if (read === null) return false;
    const settings = read!;
    // Create every slot now, so that request-time writes are all compare-and-swap (creating a
    // shared-data key is unconditional in ABI 0.2.1 and could lose a concurrent update).
    let created = 0;
    for (let i = 0; i < settings.rules.length; i++) {
      const b = settings.rules[i].bucket;
      if (b !== null) created += b.reserve(this.store);
    }
    this.settings = settings;
    log.info("rate-limit: configured " + settings.rules.length.toString() + " rule(s), " + created.toString() + " new slot(s)");
    return true;
  }

  newHttpContext(contextId: u32): HttpContext {
    return new RateLimitStream(contextId, this);
  }
}

/** The limit reported in the response headers: the one with the fewest requests left. */
class Report {
  name: string = "";
  limit: i64 = 0;
  requests: i64 = 0;
  windowSeconds: i64 = 0;
  remaining: i64 = i64.MAX_VALUE;
  reset: i64 = 0;
  retryAfter: i64 = 0;
  set: bool = false;

  offer(name: string, limit: i64, requests: i64, windowSeconds: i64, remaining: i64, reset: i64): void {
    if (this.set && remaining >= this.remaining) return;
    this.set = true;
    this.name = name;
    this.limit = limit;
    this.requests = requests;
    this.windowSeconds = windowSeconds;
    this.remaining = remaining;
    this.reset = reset;
  }

  headers(s: Settings, denied: bool): Array<HeaderPair> {
    const out = new Array<HeaderPair>();
    if (denied && s.retryAfter) out.push(new HeaderPair("retry-after", (this.retryAfter < 1 ? 1 : this.retryAfter).toString()));
    if (!this.set) return out;
    const remaining = this.remaining < 0 ? 0 : this.remaining;
    if (s.xRateLimit) {
      out.push(new HeaderPair("x-ratelimit-limit", this.limit.toString()));
      out.push(new HeaderPair("x-ratelimit-remaining", remaining.toString()));
      out.push(new HeaderPair("x-ratelimit-reset", this.reset.toString()));
    }
    if (s.ietf) {
      // draft-ietf-httpapi-ratelimit-headers: quota q per window w; r remaining, t seconds to reset.
      out.push(new HeaderPair("ratelimit-policy", "\"" + this.name + "\";q=" + this.requests.toString() + ";w=" + this.windowSeconds.toString()));
      out.push(new HeaderPair("ratelimit", "\"" + this.name + "\";r=" + remaining.toString() + ";t=" + this.reset.toString()));
    }
    return out;
  }
}

class RateLimitStream extends HttpContext {
  report: Report | null = null;
  replied: bool = false;
  globalRules: Array<Rule> | null = null;
  /** The client address of this request, once read (clientIpRead). */
  clientIpValue: string | null = null;
  clientIpRead: bool = false;

  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const root = this.root as RateLimit;
    const s = root.settings;
    const rules = s.rules;
    if (rules.length == 0) return HeadersAction.Continue;
    // Each request part is read on first use, once (each read is a host call).
    const view = new RequestView(s.maxPathBytes);
    const now = <i64>currentTimeMillis();
    const report = new Report();
    this.report = report;
    let descriptors: Array<Array<Entry>> | null = null;
    let verdict: Verdict | null = null;

    for (let i = 0; i < rules.length; i++) {
      const rule = unchecked(rules[i]);
      const m = rule.match.matches(view);
      if (m == NO_MATCH) continue;
      if (m == UNDECIDED) {
        // Fail closed: a request the match cannot decide is counted against the rule.
        rule.undecided!.increment();
        log.warn("rate-limit: rule " + rule.name + ": match undecided (" + (view.pathTooLong && rule.match.pathKind != PATH_ANY ? ":path over limits.max_path_bytes" : "a regex ran out of its step budget") +
          "); counted against the rule");
      }
      if (rule.global) {
        const entries = this.descriptor(rule, view, s);
        if (entries === null) continue;
        if (descriptors === null) { descriptors = []; this.globalRules = []; }
        descriptors.push(entries);
        this.globalRules!.push(rule);
        continue;
      }
      const key = this.key(rule, view, s);
      if (key === null) continue; // a key source is absent: the rule does not apply
      const bucket = rule.bucket!;
      if (verdict === null) { verdict = root.verdict; verdict.reset(); }
      const ck = rule.constantKey;
      bucket.take(root.store, ck !== null ? ck : slotKeyBytes(key), now, s.maxAttempts, verdict);
      if (verdict.storeError) {
        // Shared data failed or every CAS attempt lost: admit (fail open) and count it.
        s.storeErrors!.increment();
        rule.admitted!.increment();
        continue;
      }
      if (verdict.evicted) s.evictions!.increment();
      const l = bucket.limits[verdict.limit];
      report.offer(rule.name, l.burst, l.requests, l.windowSeconds, verdict.remaining, verdict.resetSeconds);
      if (verdict.admitted) {
        rule.admitted!.increment();
        continue;
      }
      rule.limited!.increment();
      if (verdict.retryAfter > report.retryAfter) report.retryAfter = verdict.retryAfter;
      if (rule.dryRun) {
        log.debug("rate-limit: dry run: rule " + rule.name + " would limit key " + key);
        continue;
      }
      // Report the limit that denied.
      report.set = false;
      report.offer(rule.name, l.burst, l.requests, l.windowSeconds, verdict.remaining, verdict.resetSeconds);
      this.deny(s.status, s.body, s, true);
      return HeadersAction.StopIteration;
    }

    if (descriptors !== null) {
      const call = grpcCall(s.cluster, RLS_SERVICE, RLS_METHOD, [], encodeRequest(s.domain, descriptors), s.timeoutMs, onServiceResponse);
      if (!call.ok) {
        log.warn("rate-limit: rate limit service call failed to start (" + call.result.toString() + ")");
        s.globalErrors!.increment();
        if (s.failureDeny) { this.deny(s.statusOnError, "rate limit service unavailable\n", s, false); return HeadersAction.StopIteration; }
        return HeadersAction.Continue;
      }
      return HeadersAction.StopIteration;
    }
    return HeadersAction.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const report = this.report;
    if (report === null || this.replied) return HeadersAction.Continue;
    const s = (this.root as RateLimit).settings;
    if (!s.onAdmitted) return HeadersAction.Continue;
    const headers = report.headers(s, false);
    for (let i = 0; i < headers.length; i++) response.headers.set(headers[i].name, headers[i].value);
    return HeadersAction.Continue;
  }

  deny(status: u32, body: string, s: Settings, withHeaders: bool): void {
    this.replied = true;
    const headers = new Array<HeaderPair>();
    for (let i = 0; i < s.responseHeaders.length; i++) headers.push(s.responseHeaders[i]);
    if (withHeaders && this.report !== null) {
      const extra = this.report!.headers(s, true);
      for (let i = 0; i < extra.length; i++) headers.push(extra[i]);
    }
    this.sendLocalResponse(status, body, headers, "rate_limited");
  }

  /** The client address: from X-Forwarded-For with the configured trusted hops, else the peer. */
  clientIp(s: Settings): string | null {
    if (this.clientIpRead) return this.clientIpValue;
    this.clientIpRead = true;
    let ip: string | null = null;
    if (s.xffTrustedHops > 0) {
      const xff = request.headers.get("x-forwarded-for");
      if (xff !== null) ip = xffClient(xff, s.xffTrustedHops);
    }
    if (ip === null) {
      const addr = SOURCE_ADDRESS.getString();
      if (addr !== null) ip = stripPort(addr);
    }
    this.clientIpValue = ip;
    return ip;
  }

  /** The value of one key source, or null if absent. */
  value(kind: i32, name: string, constant: string, view: RequestView, s: Settings): string | null {
    switch (kind) {
      case SRC_CLIENT_IP: return this.clientIp(s);
      case SRC_HEADER: case SRC_CONSUMER: {
        const v = request.headers.get(name);
        return v === null || v.length == 0 ? null : v;
      }
      case SRC_QUERY: return view.query.length ? queryParam(view.query, name) : null;
      case SRC_PATH: return view.path;
      case SRC_CONSTANT: return constant;
    }
    return null;
  }

  /** The bucket key: one value as is; several length-prefixed so that parts cannot run together. */
  key(rule: Rule, view: RequestView, s: Settings): string | null {
    const k = rule.key;
    if (k.length == 1) {
      const src = unchecked(k[0]);
      return this.value(src.kind, src.name, src.value, view, s);
    }
    const out = new StringBuilder(64); // one buffer: the values are request data
    for (let i = 0; i < k.length; i++) {
      const src = unchecked(k[i]);
      const v = this.value(src.kind, src.name, src.value, view, s);
      if (v === null) return null;
      out.append(v.length.toString()).appendCode(0x3A).append(v);
    }
    return out.toString();
  }

  descriptor(rule: Rule, view: RequestView, s: Settings): Array<Entry> | null {
    const out = new Array<Entry>();
    for (let i = 0; i < rule.key.length; i++) {
      const src = unchecked(rule.key[i]);
      const v = this.value(src.kind, src.name, src.value, view, s);
      if (v === null) return null;
      out.push(new Entry(src.descriptorKey, v));
    }
    return out;
  }

  /** The rate limit service answered (or failed): admit, limit, or apply the failure mode. */
  serviceAnswered(res: GrpcResponse): void {
    const s = (this.root as RateLimit).settings;
    const rules = this.globalRules!;
    const decoded = res.ok ? decodeResponse(res.message) : null;
    if (decoded === null || !decoded.ok) {
      s.globalErrors!.increment();
      log.warn("rate-limit: rate limit service " + (res.ok ? "sent an undecodable reply" : "failed: " + res.status.toString() + " " + res.statusMessage));
      if (s.failureDeny) { this.deny(s.statusOnError, "rate limit service unavailable\n", s, false); return; }
      this.resumeRequest();
      return;
    }
    const report = this.report!;
    let enforced = false;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const st = i < decoded.statuses.length ? decoded.statuses[i] : null;
      const over = st !== null ? st.code == CODE_OVER_LIMIT : decoded.overallCode == CODE_OVER_LIMIT;
      if (st !== null && st.hasLimit) {
        report.offer(rule.name, st.requestsPerUnit, st.requestsPerUnit, unitSeconds(st.unit), st.limitRemaining, st.resetSeconds);
        if (over && st.resetSeconds > report.retryAfter) report.retryAfter = st.resetSeconds;
      }
      if (over) {
        rule.limited!.increment();
        if (!rule.dryRun) enforced = true;
      } else rule.admitted!.increment();
    }
    if (enforced) {
      this.deny(s.status, s.body, s, true);
      return;
    }
    this.resumeRequest();
  }
}

function onServiceResponse(origin: Context, res: GrpcResponse): void {
  if (origin instanceof RateLimitStream) (origin as RateLimitStream).serviceAnswered(res);
}

registerRootContext("rate-limit", (id: u32): RootContext => new RateLimit(id));
