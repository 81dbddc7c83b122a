// Client addresses for rate-limit keys: the peer's address without its port, or the client named
// by X-Forwarded-For behind trusted proxies. Matching itself is envoy-as/lib/match.

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
