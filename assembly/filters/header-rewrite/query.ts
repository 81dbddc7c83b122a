// Query strings: finding a parameter for matches, and add / set / remove for rewrites. Names
// and values are compared as sent (no percent-decoding); values written are percent-encoded.

/** The value of the first parameter `name` in `query` (without '?'): "" for `name` or `name=`, null if absent. */
export function queryParam(query: string, name: string): string | null {
  let start = 0;
  const n = query.length;
  while (start <= n) {
    let end = query.indexOf("&", start);
    if (end < 0) end = n;
    const eq = query.indexOf("=", start);
    const keyEnd = eq >= 0 && eq < end ? eq : end;
    if (keyEnd - start == name.length && query.substr(start, name.length) == name) {
      return keyEnd == end ? "" : query.substring(keyEnd + 1, end);
    }
    start = end + 1;
  }
  return null;
}

/** `query` without any parameter named `name`. */
export function removeParam(query: string, name: string): string {
  if (query.indexOf(name) < 0) return query;
  const kept = new Array<string>();
  let start = 0;
  const n = query.length;
  while (start < n) {
    let end = query.indexOf("&", start);
    if (end < 0) end = n;
    const eq = query.indexOf("=", start);
    const keyEnd = eq >= 0 && eq < end ? eq : end;
    if (!(keyEnd - start == name.length && query.substr(start, name.length) == name) && end > start) kept.push(query.substring(start, end));
    start = end + 1;
  }
  return kept.join("&");
}

/** `query` with `name=value` appended (value percent-encoded). */
export function addParam(query: string, name: string, value: string): string {
  const pair = name + "=" + percentEncode(value);
  return query.length ? query + "&" + pair : pair;
}

const HEX = "0123456789ABCDEF";

/** Percent-encodes everything but unreserved characters (RFC 3986: A-Z a-z 0-9 - . _ ~), as UTF-8. */
export function percentEncode(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) if (!unreserved(s.charCodeAt(i))) { plain = false; break; }
  if (plain) return s;
  const bytes = Uint8Array.wrap(String.UTF8.encode(s));
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = <i32>bytes[i];
    if (unreserved(b)) out += String.fromCharCode(b);
    else out += "%" + HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return out;
}

function unreserved(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E;
}

/** A query parameter name the configuration may use: printable ASCII without & = # % or space. */
export function isValidParamName(name: string): bool {
  if (name.length == 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7F || c == 0x26 || c == 0x3D || c == 0x23 || c == 0x25 || c == 0x3F) return false;
  }
  return true;
}
