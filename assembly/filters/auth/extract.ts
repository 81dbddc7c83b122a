// Where credentials come from (a header with an optional scheme prefix, a query parameter, a
// cookie), how to find them in a request, and how to remove them before the request goes on.
import { joinStrings, request } from "envoy-as";
import { RequestView } from "envoy-as/lib/match";

export const FROM_HEADER: i32 = 0;
export const FROM_QUERY: i32 = 1;
export const FROM_COOKIE: i32 = 2;

export class Source {
  constructor(public kind: i32, public name: string, public prefix: string) {}

  describe(): string {
    if (this.kind == FROM_HEADER) return "header " + this.name + (this.prefix.length ? " (prefix \"" + this.prefix + "\")" : "");
    if (this.kind == FROM_QUERY) return "query parameter " + this.name;
    return "cookie " + this.name;
  }
}

/** What a lookup at one location found: nothing, one value, or an ambiguity (the credential given twice). */
export class Found {
  constructor(public value: string | null, public duplicate: bool, public source: Source | null) {}
}

// @ts-ignore: decorator
@lazy const NOTHING = new Found(null, false, null);

/** True if `s` starts with `prefix`, ASCII case-insensitively (auth schemes are case-insensitive). */
function startsWithCi(s: string, prefix: string): bool {
  if (s.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    let a = s.charCodeAt(i), b = prefix.charCodeAt(i);
    if (a >= 0x41 && a <= 0x5A) a += 32;
    if (b >= 0x41 && b <= 0x5A) b += 32;
    if (a != b) return false;
  }
  return true;
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  c |= 0x20;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

/** Percent-decodes a query value ('+' is a space); null on a malformed escape or bad UTF-8 length. */
export function percentDecode(s: string): string | null {
  if (s.indexOf("%") < 0 && s.indexOf("+") < 0) return s;
  const bytes = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x25) {
      if (i + 2 >= s.length) return null;
      const h = hexVal(s.charCodeAt(i + 1)), l = hexVal(s.charCodeAt(i + 2));
      if (h < 0 || l < 0) return null;
      bytes[n++] = <u8>((h << 4) | l);
      i += 2;
    } else if (c == 0x2B) {
      bytes[n++] = 0x20;
    } else if (c < 0x80) {
      bytes[n++] = <u8>c;
    } else {
      // Non-ASCII in a query is not expected from Envoy (it is percent-encoded); keep it as UTF-8.
      const enc = Uint8Array.wrap(String.UTF8.encode(String.fromCharCode(c)));
      for (let k = 0; k < enc.length; k++) bytes[n++] = enc[k];
    }
  }
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>n, false);
}

/** The (raw) value of query parameter `name`, counting repeats. */
function findQuery(query: string, name: string, source: Source): Found {
  if (query.length == 0) return NOTHING;
  let value: string | null = null;
  let count = 0;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end < 0) end = query.length;
    // '=' only within this parameter (searching the rest of the query would be quadratic).
    let keyEnd = start;
    while (keyEnd < end && query.charCodeAt(keyEnd) != 0x3D) keyEnd++;
    const key = percentDecode(query.substring(start, keyEnd));
    if (key !== null && key == name) {
      count++;
      if (count == 1) value = keyEnd < end ? query.substring(keyEnd + 1, end) : "";
    }
    start = end + 1;
  }
  if (count == 0) return NOTHING;
  if (count > 1) return new Found(null, true, source);
  const decoded = percentDecode(value!);
  return new Found(decoded === null ? "" : decoded, false, source);
}

/** Value of cookie `name` across every cookie header, counting repeats. */
function findCookie(view: RequestView, name: string, source: Source): Found {
  let value: string | null = null;
  let count = 0;
  const pairs = view.pairs;
  for (let h = 0; h < pairs.length; h++) {
    const p = unchecked(pairs[h]);
    if (p.name != "cookie") continue;
    const parts = p.value.split(";");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i].trim();
      const eq = part.indexOf("=");
      if (eq <= 0) continue;
      if (part.substring(0, eq).trim() != name) continue;
      count++;
      if (count == 1) {
        let v = part.substring(eq + 1).trim();
        if (v.length >= 2 && v.charCodeAt(0) == 0x22 && v.charCodeAt(v.length - 1) == 0x22) v = v.substring(1, v.length - 1);
        value = v;
      }
    }
  }
  if (count == 0) return NOTHING;
  if (count > 1) return new Found(null, true, source);
  return new Found(value, false, source);
}

/**
 * Every credential a request carries at a provider's sources, in `from` order. A provider must
 * verify each of them (or refuse the request): stopping at the first would let a second,
 * unverified credential ride along to the upstream.
 */
export class Credentials {
  /** The credentials found, one per source that has one. */
  values: Array<string> = [];
  /** Where each of `values` was found (removed before forwarding unless the provider forwards). */
  sources: Array<Source> = [];
  /** Some source gave its credential twice (two headers, a repeated parameter or cookie). */
  duplicate: bool = false;
}

/**
 * The credentials at every source. A header without the expected prefix counts as absent there
 * (e.g. "Basic …" for a Bearer source); a header, parameter or cookie given twice sets
 * `duplicate`, an ambiguity the caller rejects, so the filter and the upstream can never read
 * different values.
 */
export function findCredentials(view: RequestView, sources: Array<Source>): Credentials {
  const out = new Credentials();
  for (let i = 0; i < sources.length; i++) {
    const s = unchecked(sources[i]);
    if (s.kind == FROM_HEADER) {
      const n = view.headerCount(s.name);
      if (n == 0) continue;
      if (n > 1) { out.duplicate = true; return out; }
      const v = view.header(s.name)!;
      if (s.prefix.length) {
        if (!startsWithCi(v, s.prefix)) continue;
        out.values.push(v.substring(s.prefix.length).trim());
      } else {
        out.values.push(v.trim());
      }
      out.sources.push(s);
    } else {
      const f = s.kind == FROM_QUERY ? findQuery(view.query, s.name, s) : findCookie(view, s.name, s);
      if (f.duplicate) { out.duplicate = true; return out; }
      if (f.value === null) continue;
      out.values.push(f.value!);
      out.sources.push(s);
    }
  }
  return out;
}

/** Removes the credential found at `s` from the request (forward: false); call it for each source found. */
export function removeCredential(view: RequestView, s: Source): void {
  if (s.kind == FROM_HEADER) {
    request.headers.remove(s.name);
  } else if (s.kind == FROM_QUERY) {
    const query = view.query;
    const kept = new Array<string>();
    const parts = query.split("&");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const eq = part.indexOf("=");
      const key = percentDecode(eq < 0 ? part : part.substring(0, eq));
      if (key !== null && key == s.name) continue;
      kept.push(part);
    }
    const rest = joinStrings(kept, "&");
    const path = rest.length ? view.path + "?" + rest : view.path;
    view.query = rest;
    view.rawPath = path;
    request.headers.set(":path", path);
  } else {
    const all = request.headers.getAll("cookie");
    const kept = new Array<string>();
    for (let h = 0; h < all.length; h++) {
      const parts = all[h].split(";");
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i].trim();
        if (part.length == 0) continue;
        const eq = part.indexOf("=");
        if (eq > 0 && part.substring(0, eq).trim() == s.name) continue;
        kept.push(part);
      }
    }
    request.headers.remove("cookie");
    if (kept.length) request.headers.set("cookie", joinStrings(kept, "; "));
  }
}
