// One rule's match: every condition must hold. The answer is MATCH, NO_MATCH, or UNDECIDED when
// no condition fails but one cannot be decided (a path condition on a :path over the limit, or a
// regex out of its step budget); each filter decides what an undecided rule means for it.
import { MATCH, NO_MATCH, Regex, UNDECIDED } from "../regex";
import { HeaderMatch, matchHeaders } from "./headers";
import { HostPattern, matchHosts } from "./host";
import { QueryMatch, queryParam } from "./query";
import { RequestView } from "./view";

/** No path condition. */
export const PATH_ANY: i32 = -1;
/** The path (without the query) equals `path`. */
export const PATH_EXACT: i32 = 0;
/** The path starts with `path`. */
export const PATH_PREFIX: i32 = 1;
/** The whole path matches `pathRegex` (as Envoy's safe_regex), its groups are captures. */
export const PATH_REGEX: i32 = 2;

/** Which requests a rule applies to, compiled at configure time (readMatch). */
export class Match {
  methods: Array<string> = [];
  /** Any of these hosts (empty = any host). */
  hosts: Array<HostPattern> = [];
  pathKind: i32 = PATH_ANY;
  path: string = "";
  /** PATH_REGEX: the pattern anchored at both ends of the path. */
  pathRegex: Regex | null = null;
  query: Array<QueryMatch> = [];
  headers: Array<HeaderMatch> = [];

  /** Whether the match looks at the :path (a path or query condition). */
  get readsPath(): bool { return this.pathKind != PATH_ANY || this.query.length > 0; }

  /**
   * MATCH, NO_MATCH or UNDECIDED for the request in `view`. After MATCH with a regex path,
   * captures() holds its groups.
   */
  matches(view: RequestView): i32 {
    if (this.methods.length && !this.methods.includes(view.method)) return NO_MATCH;
    if (this.hosts.length && !matchHosts(this.hosts, view.host)) return NO_MATCH;
    let undecided = false;
    const kind = this.pathKind;
    if (kind != PATH_ANY) {
      if (view.pathTooLong) undecided = true;
      else if (kind == PATH_EXACT) { if (view.path != this.path) return NO_MATCH; }
      else if (kind == PATH_PREFIX) { if (!view.path.startsWith(this.path)) return NO_MATCH; }
      else {
        const r = this.pathRegex!.search(view.path);
        if (r == NO_MATCH) return NO_MATCH;
        if (r == UNDECIDED) undecided = true;
      }
    }
    const query = this.query;
    for (let i = 0; i < query.length; i++) {
      const q = unchecked(query[i]);
      if (!q.accepts(view.hasQuery ? queryParam(view.query, q.name) : null)) return NO_MATCH;
    }
    const headers = matchHeaders(this.headers, view);
    if (headers == NO_MATCH) return NO_MATCH;
    return undecided || headers == UNDECIDED ? UNDECIDED : MATCH;
  }

  /**
   * The path regex's group offsets (start, end per group, group 0 first) right after matches()
   * gave MATCH: a copy, since the compiled regex is shared by every stream.
   */
  captures(): StaticArray<i32> {
    const re = this.pathRegex;
    if (re === null) return new StaticArray<i32>(0);
    const slots = re.slots;
    const caps = new StaticArray<i32>(slots.length);
    for (let i = 0; i < slots.length; i++) unchecked(caps[i] = slots[i]);
    return caps;
  }
}
