// The repository URL written into images (org.opencontainers.image.source, labels, annotations).
// Images are published: nothing secret and nothing local may go in. A git remote can be
// https://user:token@host/repo (credentials), git@host:repo (scp-like ssh, not a URL) or a local
// path; only the public part of a real network URL is kept.

/** URL schemes a published source address may use. */
const SCHEMES = new Set(["https:", "http:", "git:", "ssh:"]);

/**
 * `raw` as a publishable repository URL: userinfo (user:token@), query and fragment removed, a
 * leading "git+" dropped. Undefined for anything that is not a network URL (scp-like ssh remotes,
 * local paths, file:// URLs, npm shorthands like github:user/repo).
 */
export function publicSourceUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim().replace(/^git\+/, ""));
  } catch {
    return undefined;
  }
  if (!SCHEMES.has(u.protocol) || !u.hostname) return undefined;
  u.username = "";
  u.password = "";
  u.search = "";
  u.hash = "";
  return u.toString();
}
