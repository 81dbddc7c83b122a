// Request-header conditions: present, absent, exact value, or a regex found in the value.
import { request } from "../../sdk";
import { MATCH, NO_MATCH, Regex, UNDECIDED } from "../regex";
import { RequestView } from "./view";

/** The header must be present (any value). */
export const HEADER_PRESENT: i32 = 0;
/** The header must be absent. */
export const HEADER_ABSENT: i32 = 1;
/** The header's value must equal `value`. */
export const HEADER_EXACT: i32 = 2;
/** The header's value must contain a match of `regex`. */
export const HEADER_REGEX: i32 = 3;

/** One request-header condition, built at configure time. */
export class HeaderMatch {
  constructor(public name: string, public kind: i32, public value: string, public regex: Regex | null) {}
}

/** How one condition judges a header value (null = absent): MATCH, NO_MATCH or UNDECIDED. */
function judge(h: HeaderMatch, v: string | null): i32 {
  switch (h.kind) {
    case HEADER_PRESENT: return v === null ? NO_MATCH : MATCH;
    case HEADER_ABSENT: return v !== null ? NO_MATCH : MATCH;
    case HEADER_EXACT: return v === null || v != h.value ? NO_MATCH : MATCH;
    case HEADER_REGEX: return v === null ? NO_MATCH : h.regex!.search(v);
  }
  return NO_MATCH;
}

/**
 * Checks `conditions` against the request headers of `view`: NO_MATCH at the first that fails,
 * else UNDECIDED if a regex could not decide, else MATCH. Each header is read once per request.
 */
export function matchHeaders(conditions: Array<HeaderMatch>, view: RequestView): i32 {
  let undecided = false;
  for (let i = 0; i < conditions.length; i++) {
    const h = unchecked(conditions[i]);
    const r = judge(h, view.header(h.name));
    if (r == NO_MATCH) return NO_MATCH;
    if (r == UNDECIDED) undecided = true;
  }
  return undecided ? UNDECIDED : MATCH;
}

/**
 * Checks `conditions` against the request headers (call from a request-headers callback), as
 * matchHeaders does but with one host call per condition and no RequestView.
 */
export function matchRequestHeaders(conditions: Array<HeaderMatch>): i32 {
  let undecided = false;
  for (let i = 0; i < conditions.length; i++) {
    const h = unchecked(conditions[i]);
    const r = judge(h, request.headers.get(h.name));
    if (r == NO_MATCH) return NO_MATCH;
    if (r == UNDECIDED) undecided = true;
  }
  return undecided ? UNDECIDED : MATCH;
}
