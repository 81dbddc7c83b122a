// header-rewrite: ordered rules that match on the request and rewrite request and response
// headers and trailers, the path, the query and the host. See README.md for the configuration.
import {
  Configuration, HeadersAction, HttpContext, RootContext, TrailersAction, clearRouteCache, log,
  registerRootContext, request, response,
} from "envoy-as";
import { readConfiguration } from "envoy-as/lib/config";
import { NO_MATCH, RequestView, UNDECIDED } from "envoy-as/lib/match";
import { applyHeaderActions } from "./actions";
import { Rule, Settings, readSettings } from "./config";
import { RequestLine, rewriteHost, rewritePath, rewriteQuery } from "./path";
import { RenderContext, VIEW_HOST, VIEW_METHOD, VIEW_PATH, VIEW_SCHEME } from "./template";

export * from "envoy-as/sdk/abi/exports-http"; // no callouts: the lean set

class HeaderRewrite extends RootContext {
  settings: Settings = new Settings();

  onConfigure(configuration: Configuration): bool {
    const read = readConfiguration<Settings>("header-rewrite", configuration.toString(), readSettings);
    if (read === null) return false;
    const settings = read!;
    this.settings = settings;
    log.info("header-rewrite: configured " + settings.rules.length.toString() + " rule(s)");
    return true;
  }

  newHttpContext(contextId: u32): HttpContext {
    return new HeaderRewriteStream(contextId, this);
  }
}

/** Stand-in when the configuration reads no request-line part: never written. */
const NO_VIEW = new StaticArray<string | null>(4);

/** A rule that matched this stream, with what its templates need later. */
class Matched {
  constructor(public rule: Rule, public ctx: RenderContext) {}
}

class HeaderRewriteStream extends HttpContext {
  matched: Array<Matched> | null = null;

  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const settings = (this.root as HeaderRewrite).settings;
    const rules = settings.rules;
    if (rules.length == 0) return HeadersAction.Continue;

    // The request as received: read once, shared by every rule's match and templates. Only the
    // parts some rule reads are fetched (each is a host call).
    const mask = settings.viewMask;
    const rv = new RequestView(settings.maxPathBytes);
    // With nothing to read, the shared all-null view stands in (read-only).
    const view = mask ? new StaticArray<string | null>(4) : NO_VIEW;
    const rawPath = mask & (1 << VIEW_PATH) ? rv.header(":path") : null;
    if (mask & (1 << VIEW_PATH)) view[VIEW_PATH] = rawPath;
    if (mask & (1 << VIEW_METHOD)) view[VIEW_METHOD] = rv.header(":method");
    if (mask & (1 << VIEW_HOST)) view[VIEW_HOST] = rv.header(":authority");
    if (mask & (1 << VIEW_SCHEME)) view[VIEW_SCHEME] = rv.header(":scheme");

    let matched: Array<Matched> | null = null;
    let probe: RenderContext | null = null;
    for (let i = 0; i < rules.length; i++) {
      const rule = unchecked(rules[i]);
      if (probe === null) probe = new RenderContext(view);
      const m = rule.match.matches(rv);
      if (m == NO_MATCH) continue;
      if (m == UNDECIDED) {
        // Fail closed: a rule that may or may not apply leaves the whole request (and its
        // response) as received; no other rule is applied either (README: "Undecided matches").
        settings.undecided!.increment();
        log.warn("header-rewrite: rule " + rule.name + ": match undecided (" + (rv.pathTooLong && rule.match.pathKind >= 0 ? ":path over limits.max_path_bytes" : "a regex ran out of its step budget") +
          "); request left unchanged");
        return HeadersAction.Continue;
      }
      if (rule.match.pathRegex !== null) {
        // Keep the captures: the regex object is shared, the stream needs its own copy.
        probe.captures = rule.match.captures();
        probe.capturePath = rv.path;
      }
      if (matched === null) matched = new Array<Matched>();
      matched.push(new Matched(rule, probe));
      probe = null;
      if (settings.firstOnly) break;
    }
    if (matched === null) return HeadersAction.Continue;
    this.matched = matched;

    // The request line being rewritten: only made when a matched rule rewrites path, query or host.
    let line: RequestLine | null = null;
    let late = false;
    for (let i = 0; i < matched.length; i++) {
      const m = unchecked(matched[i]);
      const rule = m.rule;
      applyHeaderActions(rule.requestHeaders, request.headers, m.ctx);
      if (line === null && (rule.path !== null || rule.query.length || rule.host !== null)) {
        line = new RequestLine();
        if (rawPath !== null) {
          line.path = rv.path;
          line.query = rv.query;
          line.hasQuery = rv.hasQuery;
          line.pathTooLong = rv.pathTooLong;
        }
        line.host = view[VIEW_HOST];
      }
      if (rule.path !== null && !rewritePath(rule.path!, line!, m.ctx)) settings.undecided!.increment();
      if (rule.query.length) rewriteQuery(rule.query, line!, m.ctx);
      if (rule.host !== null) rewriteHost(rule.host!, line!, m.ctx, rule.hostWhere);
      if (rule.counter !== null) rule.counter!.increment();
      if (rule.late) late = true;
    }
    if (line !== null && line.pathChanged && rawPath !== null) request.headers.set(":path", line.toString());
    if (line !== null && line.hostChanged) request.headers.set(":authority", line.host!);
    if (line !== null && (line.pathChanged || line.hostChanged)) {
      // Envoy picked the route before this filter ran: make it pick again for the new path/host.
      const result = clearRouteCache();
      if (result != 0) log.debug("header-rewrite: clear_route_cache failed (" + result.toString() + ")");
    }

    if (late) {
      // Request headers are gone after this callback: keep the ones late templates read.
      const names = settings.snapshotNames;
      let snapshot: Array<string | null> | null = null;
      if (names.length) {
        snapshot = new Array<string | null>(names.length);
        for (let i = 0; i < names.length; i++) snapshot[i] = request.headers.get(unchecked(names[i]));
      }
      for (let i = 0; i < matched.length; i++) {
        const ctx = unchecked(matched[i]).ctx;
        ctx.snapshot = snapshot;
        ctx.late = true;
      }
    } else {
      this.matched = null;
    }
    return HeadersAction.Continue;
  }

  onRequestTrailers(trailerCount: u32): TrailersAction {
    const matched = this.matched;
    if (matched === null) return TrailersAction.Continue;
    for (let i = 0; i < matched.length; i++) {
      const m = unchecked(matched[i]);
      if (m.rule.requestTrailers.length) applyHeaderActions(m.rule.requestTrailers, request.trailers, m.ctx);
    }
    return TrailersAction.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const matched = this.matched;
    if (matched === null) return HeadersAction.Continue;
    for (let i = 0; i < matched.length; i++) {
      const m = unchecked(matched[i]);
      if (m.rule.responseHeaders.length) applyHeaderActions(m.rule.responseHeaders, response.headers, m.ctx);
    }
    return HeadersAction.Continue;
  }

  onResponseTrailers(trailerCount: u32): TrailersAction {
    const matched = this.matched;
    if (matched === null) return TrailersAction.Continue;
    for (let i = 0; i < matched.length; i++) {
      const m = unchecked(matched[i]);
      if (m.rule.responseTrailers.length) applyHeaderActions(m.rule.responseTrailers, response.trailers, m.ctx);
    }
    return TrailersAction.Continue;
  }
}

registerRootContext("header-rewrite", (id: u32): RootContext => new HeaderRewrite(id));
