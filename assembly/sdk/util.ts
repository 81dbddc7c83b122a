// Small string helpers for the hot path, free of the Unicode case tables that
// String#toLowerCase pulls into a module (header names are ASCII by RFC 9110).

import { StringBuilder } from "./string-builder";

/** Lower-cases ASCII letters only; returns `s` itself when nothing changes (no allocation). */
export function asciiLower(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) break;
    i++;
  }
  if (i == n) return s;
  const out = changetype<string>(__new(<usize>n << 1, idof<string>()));
  memory.copy(changetype<usize>(out), changetype<usize>(s), <usize>i << 1);
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5A) c += 32;
    store<u16>(changetype<usize>(out) + (<usize>i << 1), <u16>c);
  }
  return out;
}

/** True if `name` is a valid HTTP field name (RFC 9110 token), as Envoy requires. */
export function isValidHeaderName(name: string): bool {
  if (name.length == 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) ||
      c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E ||
      c == 0x5E || c == 0x5F || c == 0x60 || c == 0x7C || c == 0x7E;
    if (!ok) return false;
  }
  return true;
}

/** True if `value` can be sent as a header value: no CR, LF or NUL (no header injection). */
export function isValidHeaderValue(value: string): bool {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c == 0x0D || c == 0x0A || c == 0x00) return false;
  }
  return true;
}

const LOG_HEX = "0123456789abcdef";

/**
 * `s` made safe for one log line: CR, LF, tab and other control characters escaped (\r \n \t
 * \xhh), and cut after `max` code units with a note of how many were left out. Linear in
 * min(s.length, max).
 */
export function forLog(s: string, max: i32 = 200): string {
  const n = s.length < max ? s.length : max;
  let clean = n == s.length;
  for (let i = 0; i < n && clean; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7F) clean = false;
  }
  if (clean) return s;
  const out = new StringBuilder(n + 16);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x7F) { out.appendCode(c); continue; }
    out.appendCode(0x5C);
    if (c == 0x0A) out.appendCode(0x6E);
    else if (c == 0x0D) out.appendCode(0x72);
    else if (c == 0x09) out.appendCode(0x74);
    else out.appendCode(0x78).appendCode(LOG_HEX.charCodeAt(c >> 4)).appendCode(LOG_HEX.charCodeAt(c & 15));
  }
  if (n < s.length) out.append("… (").append((s.length - n).toString()).append(" more)");
  return out.toString();
}
