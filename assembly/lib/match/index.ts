// Request matching shared by the filters ("envoy-as/lib/match"). A condition answers MATCH,
// NO_MATCH or UNDECIDED (lib/regex's outcomes): a regex that runs out of its step budget is
// undecided, never "no match", and each filter decides what an undecided rule means for it.
import { request } from "../../sdk";
import { MATCH, NO_MATCH, Regex, UNDECIDED } from "../regex";

export { MATCH, NO_MATCH, UNDECIDED };

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

/**
 * Checks `conditions` against the request headers (call from a request-headers callback): NO_MATCH
 * at the first that fails, else UNDECIDED if a regex could not decide, else MATCH. Each header is
 * read with one host call.
 */
export function matchRequestHeaders(conditions: Array<HeaderMatch>): i32 {
  let undecided = false;
  for (let i = 0; i < conditions.length; i++) {
    const h = unchecked(conditions[i]);
    const v = request.headers.get(h.name);
    switch (h.kind) {
      case HEADER_PRESENT: if (v === null) return NO_MATCH; break;
      case HEADER_ABSENT: if (v !== null) return NO_MATCH; break;
      case HEADER_EXACT: if (v === null || v != h.value) return NO_MATCH; break;
      case HEADER_REGEX: {
        if (v === null) return NO_MATCH;
        const r = h.regex!.search(v);
        if (r == NO_MATCH) return NO_MATCH;
        if (r == UNDECIDED) undecided = true;
        break;
      }
    }
  }
  return undecided ? UNDECIDED : MATCH;
}
