// Rule matches, evaluated on the request as the filter received it.
import { request } from "envoy-as";
import { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HeaderMatch, matchRequestHeaders } from "envoy-as/lib/match";
import { MATCH, NO_MATCH, Regex, UNDECIDED } from "envoy-as/lib/regex";
import { asciiLower } from "envoy-as/sdk/util";
import { queryParam } from "./query";
import { RenderContext, VIEW_HOST, VIEW_METHOD } from "./template";

export const PATH_EXACT: i32 = 0;
export const PATH_PREFIX: i32 = 1;
export const PATH_REGEX: i32 = 2;

export { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HEADER_REGEX, HeaderMatch } from "envoy-as/lib/match";


export class QueryMatch {
  /** kind: HEADER_PRESENT, HEADER_ABSENT or HEADER_EXACT. */
  constructor(public name: string, public kind: i32, public value: string) {}
}

/** The request parts every rule looks at, read once per request. */
export class RequestView {
  /** :path without the query. */
  path: string = "";
  /** The query without '?' ("" if none). */
  query: string = "";
  hasQuery: bool = false;
  /** The :path (with its query) is over limits.max_path_bytes: path conditions are undecided. */
  pathTooLong: bool = false;
}

export class Match {
  pathKind: i32 = -1; // -1 = any
  path: string = "";
  pathRegex: Regex | null = null;
  methods: Array<string> = [];
  /** Lower-case host; a leading "*." matches any subdomain (hostSuffix). */
  host: string = "";
  hostSuffix: bool = false;
  hasHost: bool = false;
  headers: Array<HeaderMatch> = [];
  query: Array<QueryMatch> = [];

  /**
   * MATCH (on a regex path match, ctx gets the captures), NO_MATCH, or UNDECIDED when no
   * condition fails but one cannot be decided: a path condition on a :path over the limit, or a
   * regex that ran out of step budget.
   */
  matches(view: RequestView, ctx: RenderContext): i32 {
    if (this.methods.length) {
      const m = ctx.view[VIEW_METHOD];
      if (m === null || !this.methods.includes(m)) return NO_MATCH;
    }
    if (this.hasHost && !this.hostMatches(ctx.view[VIEW_HOST])) return NO_MATCH;
    let undecided = false;
    if (this.pathKind >= 0 && view.pathTooLong) {
      undecided = true;
    } else if (this.pathKind == PATH_EXACT) {
      if (view.path != this.path) return NO_MATCH;
    } else if (this.pathKind == PATH_PREFIX) {
      if (!view.path.startsWith(this.path)) return NO_MATCH;
    } else if (this.pathKind == PATH_REGEX) {
      const re = this.pathRegex!;
      const r = re.search(view.path);
      if (r == NO_MATCH) return NO_MATCH;
      if (r == UNDECIDED) undecided = true;
      else {
        // Keep the captures: the regex object is shared, the stream needs its own copy.
        const slots = re.slots;
        const caps = new StaticArray<i32>(slots.length);
        for (let i = 0; i < slots.length; i++) unchecked(caps[i] = slots[i]);
        ctx.captures = caps;
        ctx.capturePath = view.path;
      }
    }
    for (let i = 0; i < this.query.length; i++) {
      const q = unchecked(this.query[i]);
      const v = view.hasQuery ? queryParam(view.query, q.name) : null;
      if (q.kind == HEADER_PRESENT && v === null) return NO_MATCH;
      if (q.kind == HEADER_ABSENT && v !== null) return NO_MATCH;
      if (q.kind == HEADER_EXACT && (v === null || v != q.value)) return NO_MATCH;
    }
    const headers = matchRequestHeaders(this.headers);
    if (headers == NO_MATCH) return NO_MATCH;
    return undecided || headers == UNDECIDED ? UNDECIDED : MATCH;
  }

  hostMatches(authority: string | null): bool {
    if (authority === null) return false;
    let host = authority;
    // Strip a port, but not from a bare IPv6 address.
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && host.indexOf("]") < colon && (host.startsWith("[") || host.indexOf(":") == colon)) host = host.substring(0, colon);
    host = asciiLower(host);
    if (!this.hostSuffix) return host == this.host;
    return host.length > this.host.length && host.endsWith(this.host);
  }
}

