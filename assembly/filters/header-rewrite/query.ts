// Query strings: add / set / remove for rewrites, split as envoy-as/lib/match splits them for
// matches. Names are compared as sent (no percent-decoding); values written are percent-encoded.
// Everything here runs per request on client data: each function is linear in the query.
import { StringBuilder } from "envoy-as";
import { indexWithin } from "envoy-as/lib/match";

/** `query` without any parameter named `name` (linear: one pass, one output buffer). */
export function removeParam(query: string, name: string): string {
  if (query.indexOf(name) < 0) return query;
  const out = new StringBuilder(query.length);
  let start = 0;
  const n = query.length;
  while (start < n) {
    let end = query.indexOf("&", start);
    if (end < 0) end = n;
    const eq = indexWithin(query, 0x3D, start, end);
    const keyEnd = eq >= 0 ? eq : end;
    if (!(keyEnd - start == name.length && query.substr(start, name.length) == name) && end > start) {
      if (out.length) out.appendCode(0x26);
      out.appendRange(query, start, end);
    }
    start = end + 1;
  }
  return out.toString();
}

/** `query` with `name=value` appended (value percent-encoded). */
export function addParam(query: string, name: string, value: string): string {
  const pair = name + "=" + percentEncode(value);
  return query.length ? query + "&" + pair : pair;
}

const HEX = "0123456789ABCDEF";

/**
 * Percent-encodes everything but unreserved characters (RFC 3986: A-Z a-z 0-9 - . _ ~), as UTF-8.
 * Measures first, then writes each character once into the result: linear in the value.
 */
export function percentEncode(s: string): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) if (!unreserved(s.charCodeAt(i))) { plain = false; break; }
  if (plain) return s;
  const bytes = Uint8Array.wrap(String.UTF8.encode(s));
  let size = 0;
  for (let i = 0; i < bytes.length; i++) size += unreserved(<i32>unchecked(bytes[i])) ? 1 : 3;
  const out = changetype<string>(__new(<usize>size << 1, idof<string>()));
  let at = changetype<usize>(out);
  for (let i = 0; i < bytes.length; i++) {
    const b = <i32>unchecked(bytes[i]);
    if (unreserved(b)) { store<u16>(at, <u16>b); at += 2; continue; }
    store<u16>(at, 0x25); // %
    store<u16>(at + 2, <u16>HEX.charCodeAt(b >> 4));
    store<u16>(at + 4, <u16>HEX.charCodeAt(b & 15));
    at += 6;
  }
  return out;
}

function unreserved(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x2E || c == 0x5F || c == 0x7E;
}
