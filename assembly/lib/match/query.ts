// Query parameters: one split rule for every filter. Parameters are separated by '&'; a
// parameter's name runs to its first '=' (or its end); names and values are compared as sent,
// without percent-decoding. Linear in the query: nothing here scans past the parameter at hand.
import { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT } from "./headers";

/** One query-parameter condition (kind HEADER_PRESENT, HEADER_ABSENT or HEADER_EXACT), built at configure time. */
export class QueryMatch {
  constructor(public name: string, public kind: i32, public value: string) {}

  /** True if `value` (the parameter's value, null if absent) meets the condition. */
  accepts(value: string | null): bool {
    if (this.kind == HEADER_PRESENT) return value !== null;
    if (this.kind == HEADER_ABSENT) return value === null;
    return this.kind == HEADER_EXACT && value !== null && value == this.value;
  }
}

/** Index of `c` in `s` within [from, to), or -1 (never scans past `to`). */
export function indexWithin(s: string, c: i32, from: i32, to: i32): i32 {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) == c) return i;
  return -1;
}

/** The value of the first parameter `name` in `query` (without '?'): "" for `name` or `name=`, null if absent. */
export function queryParam(query: string, name: string): string | null {
  let start = 0;
  const n = query.length;
  while (start <= n) {
    let end = query.indexOf("&", start);
    if (end < 0) end = n;
    // '=' only within this parameter: searching the rest of the query would make a query of
    // many '&' without '=' quadratic.
    const eq = indexWithin(query, 0x3D, start, end);
    const keyEnd = eq >= 0 ? eq : end;
    if (keyEnd - start == name.length && query.substr(start, name.length) == name) {
      return keyEnd == end ? "" : query.substring(keyEnd + 1, end);
    }
    start = end + 1;
  }
  return null;
}

/** A query parameter name the configuration may use: printable ASCII without & = # % ? or space. */
export function isValidParamName(name: string): bool {
  if (name.length == 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7F || c == 0x26 || c == 0x3D || c == 0x23 || c == 0x25 || c == 0x3F) return false;
  }
  return true;
}
