// Which requests a rule applies to, and the request parts read once per request.
import { request } from "envoy-as";
import { asciiLower } from "envoy-as/sdk/util";
import { overBytes } from "envoy-as/lib/limits";
import { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HeaderMatch, matchRequestHeaders } from "envoy-as/lib/match";
import { MATCH, NO_MATCH, Regex, UNDECIDED } from "envoy-as/lib/regex";

export const PATH_ANY: i32 = -1;
export const PATH_EXACT: i32 = 0;
export const PATH_PREFIX: i32 = 1;
export const PATH_REGEX: i32 = 2;

export { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HEADER_REGEX, HeaderMatch } from "envoy-as/lib/match";


/** The request line, read once per request and shared by every rule. */
export class RequestView {
  /** :path without the query. */
  path: string = "";
  /** The query without '?' ("" if none). */
  query: string = "";
  method: string = "";
  /** Lower-case :authority without port. */
  host: string = "";
  clientIp: string | null = null;
  clientIpRead: bool = false;
  /** The :path (with its query) is over limits.max_path_bytes: path conditions are undecided. */
  pathTooLong: bool = false;

  /**
   * Reads :path and :method, each only when some rule looks at it (each read is a host call);
   * marks a :path over `maxPathBytes`.
   */
  static read(needsPath: bool, needsMethod: bool, maxPathBytes: i32): RequestView {
    const v = new RequestView();
    if (needsPath) {
      const raw = request.headers.get(":path");
      if (raw !== null) {
        v.pathTooLong = overBytes(raw, maxPathBytes);
        const q = raw.indexOf("?");
        v.path = q < 0 ? raw : raw.substring(0, q);
        v.query = q < 0 ? "" : raw.substring(q + 1);
      }
    }
    if (needsMethod) {
      const m = request.headers.get(":method");
      if (m !== null) v.method = m;
    }
    return v;
  }

  readHost(): void {
    const a = request.headers.get(":authority");
    if (a === null) return;
    let host = a;
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && host.indexOf("]") < colon && (host.startsWith("[") || host.indexOf(":") == colon)) host = host.substring(0, colon);
    this.host = asciiLower(host);
  }
}

export class Match {
  pathKind: i32 = PATH_ANY;
  path: string = "";
  pathRegex: Regex | null = null;
  methods: Array<string> = [];
  hasHost: bool = false;
  host: string = "";
  hostSuffix: bool = false;
  headers: Array<HeaderMatch> = [];

  /**
   * MATCH, NO_MATCH, or UNDECIDED when no condition fails but one cannot be decided: a path
   * condition on a :path over the limit, or a regex that ran out of step budget. The caller
   * counts an undecided request against the rule, as a match.
   */
  matches(view: RequestView): i32 {
    if (this.methods.length && !this.methods.includes(view.method)) return NO_MATCH;
    let undecided = false;
    if (this.pathKind != PATH_ANY && view.pathTooLong) undecided = true;
    else if (this.pathKind == PATH_EXACT) { if (view.path != this.path) return NO_MATCH; }
    else if (this.pathKind == PATH_PREFIX) { if (!view.path.startsWith(this.path)) return NO_MATCH; }
    else if (this.pathKind == PATH_REGEX) {
      const r = this.pathRegex!.search(view.path);
      if (r == NO_MATCH) return NO_MATCH;
      if (r == UNDECIDED) undecided = true;
    }
    if (this.hasHost) {
      if (!this.hostSuffix) { if (view.host != this.host) return NO_MATCH; }
      else if (!(view.host.length > this.host.length && view.host.endsWith(this.host))) return NO_MATCH;
    }
    const headers = matchRequestHeaders(this.headers);
    if (headers == NO_MATCH) return NO_MATCH;
    return undecided || headers == UNDECIDED ? UNDECIDED : MATCH;
  }
}

/** The raw value of query parameter `name` in `query` (no '?'), or null. Not percent-decoded. */
export function queryParam(query: string, name: string): string | null {
  let i = 0;
  const n = query.length;
  const nl = name.length;
  while (i <= n) {
    let amp = query.indexOf("&", i);
    if (amp < 0) amp = n;
    if (amp - i >= nl && query.substr(i, nl) == name) {
      if (amp - i == nl) return "";
      if (query.charCodeAt(i + nl) == 0x3D) return query.substring(i + nl + 1, amp);
    }
    i = amp + 1;
  }
  return null;
}

/** "1.2.3.4:5678" → "1.2.3.4"; "[::1]:80" → "::1"; a bare address is returned unchanged. */
export function stripPort(address: string): string {
  if (address.startsWith("[")) {
    const end = address.indexOf("]");
    return end < 0 ? address : address.substring(1, end);
  }
  const colon = address.indexOf(":");
  if (colon < 0) return address;
  if (address.indexOf(":", colon + 1) >= 0) return address; // bare IPv6
  return address.substring(0, colon);
}

/**
 * The client address from X-Forwarded-For with `hops` trusted proxies in front of Envoy: the
 * hops-th entry from the right (each trusted proxy appended the address it saw). Null when the
 * header has fewer entries (the caller falls back to source.address). Envoy's
 * xff_num_trusted_hops counts one less: N there is N + 1 here.
 */
export function xffClient(xff: string, hops: i32): string | null {
  let end = xff.length;
  let seen = 0;
  while (end >= 0) {
    const comma = xff.lastIndexOf(",", end - 1);
    seen++;
    if (seen == hops) {
      const entry = xff.substring(comma + 1, end).trim();
      return entry.length ? stripPort(entry) : null;
    }
    if (comma < 0) return null;
    end = comma;
  }
  return null;
}
