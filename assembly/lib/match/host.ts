// Host conditions, as Envoy's virtual-host domains: case-insensitive, without the port, with a
// leading "*." matching any subdomain (not the domain itself).

import { asciiLower } from "../../sdk/util";

/** One configured host, lower-cased at configure time. */
export class HostPattern {
  /** Lower-case host, or the suffix (".example.com") when `wildcard`. */
  constructor(public host: string, public wildcard: bool) {}

  /** True if the normalised request host `host` (see normaliseHost) is this one. */
  matches(host: string): bool {
    return this.wildcard ? host.length > this.host.length && host.endsWith(this.host) : host == this.host;
  }
}

/**
 * A configured host as a pattern, or null when it is not a host name without port with at most a
 * leading "*." wildcard, or an IPv6 literal in brackets ("[::1]", no wildcard, no port).
 */
export function hostPattern(configured: string): HostPattern | null {
  let h = asciiLower(configured);
  const wildcard = h.startsWith("*.");
  if (wildcard) h = h.substring(1);
  if (h.startsWith("[")) return !wildcard && isIpv6Literal(h) ? new HostPattern(h, false) : null;
  if (h.length == 0 || h == "." || h.indexOf("*") >= 0 || h.indexOf(":") >= 0 || h.indexOf("[") >= 0 || h.indexOf("]") >= 0) return null;
  return new HostPattern(h, wildcard);
}

/** "[" hex digits, ":" and "." "]", lower-cased: an IPv6 literal as it stands in an :authority, without port. */
function isIpv6Literal(h: string): bool {
  if (h.length < 3 || !h.endsWith("]")) return false;
  for (let i = 1; i < h.length - 1; i++) {
    const c = h.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c == 0x3A || c == 0x2E)) return false;
  }
  return true;
}

/** The :authority without a port, lower-cased (IPv6 literals keep their brackets). */
export function normaliseHost(authority: string): string {
  let host = authority;
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && host.indexOf("]") < colon && (host.startsWith("[") || host.indexOf(":") == colon)) host = host.substring(0, colon);
  return asciiLower(host);
}

/** True if `host` (normalised) is one of `patterns` (an empty list matches any host). */
export function matchHosts(patterns: Array<HostPattern>, host: string): bool {
  if (patterns.length == 0) return true;
  for (let i = 0; i < patterns.length; i++) if (unchecked(patterns[i]).matches(host)) return true;
  return false;
}
