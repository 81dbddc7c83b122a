// HTTP Basic authentication (RFC 7617) against PBKDF2-HMAC-SHA256 password hashes in the
// Django format "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>" (README: why this scheme).
// A successful or failed check is cached by the SHA-256 of the credentials for a short time,
// so only the first request of a session pays for the key derivation. An unknown user costs the
// same derivation as a known one (no user enumeration by timing).
import { RootContext } from "envoy-as";
import { HashAlg, Hmac, base64Decode, hexEncode, sha256, timingSafeEqual } from "envoy-as/lib/crypto";
import { Source, findCredentials } from "./extract";
import { Provider, quoteParam } from "./provider";
import { Check, Identity, KIND_BASIC, R_BAD_CREDENTIALS, R_MALFORMED, R_MISSING, StreamState } from "./types";

export const MIN_ITERATIONS: i32 = 1000;
export const MAX_ITERATIONS: i32 = 10000000;
/** Longest Authorization value accepted (user:password base64). */
const MAX_CREDENTIALS: i32 = 4096;

export class BasicUser {
  constructor(public username: string, public consumer: string, public iterations: i32, public salt: Uint8Array, public hash: Uint8Array) {}
}

/** Parses a "pbkdf2_sha256$iterations$salt$hash" string; null (with `err[0]`) if invalid. */
export function parsePasswordHash(username: string, consumer: string, s: string, err: Array<string>): BasicUser | null {
  const parts = s.split("$");
  if (parts.length != 4 || parts[0] != "pbkdf2_sha256") { err[0] = "must be pbkdf2_sha256$<iterations>$<salt>$<base64 hash>"; return null; }
  const it = I64.parseInt(parts[1], 10);
  if (!(it >= MIN_ITERATIONS && it <= MAX_ITERATIONS) || parts[1].length > 8) {
    err[0] = "iterations must be between " + MIN_ITERATIONS.toString() + " and " + MAX_ITERATIONS.toString();
    return null;
  }
  if (parts[2].length < 8) { err[0] = "salt must have at least 8 characters"; return null; }
  const hash = base64Decode(parts[3]);
  if (hash === null || hash.length != 32) { err[0] = "hash must be the base64 of 32 bytes"; return null; }
  return new BasicUser(username, consumer, <i32>it, Uint8Array.wrap(String.UTF8.encode(parts[2])), hash);
}

/** PBKDF2-HMAC-SHA256 with a 32-byte output (one block), RFC 8018 §5.2. */
export function pbkdf2Sha256(password: Uint8Array, salt: Uint8Array, iterations: i32): Uint8Array {
  const mac = new Hmac(HashAlg.SHA256, password);
  const u = new Uint8Array(32);
  const t = new Uint8Array(32);
  const block = new Uint8Array(4);
  block[3] = 1;
  mac.begin().update(salt).update(block).finishInto(u.dataStart);
  memory.copy(t.dataStart, u.dataStart, 32);
  const up = u.dataStart, tp = t.dataStart;
  for (let i = 1; i < iterations; i++) {
    mac.updatePtr(up, 32).finishInto(up);
    for (let w: usize = 0; w < 32; w += 8) store<u64>(tp + w, load<u64>(tp + w) ^ load<u64>(up + w));
  }
  return t;
}

class CachedLogin {
  constructor(public until: f64, public user: BasicUser | null) {}
}

export class BasicProvider extends Provider {
  users: Map<string, BasicUser> = new Map<string, BasicUser>();
  realm: string = "";
  cacheSeconds: f64 = 300;
  cacheCapacity: i32 = 1000;
  /** Used for unknown users, so their check costs as much as a real one. */
  decoy: BasicUser = new BasicUser("", "", 10000, new Uint8Array(16), new Uint8Array(32));
  private cache: Map<string, CachedLogin> = new Map<string, CachedLogin>();

  constructor(name: string) {
    super(name, KIND_BASIC);
    this.sources = [new Source(0, "authorization", "Basic ")];
  }

  challenge(reason: i32): string {
    return "Basic realm=" + quoteParam(this.realm.length ? this.realm : this.name) + ", charset=\"UTF-8\"";
  }

  check(st: StreamState, root: RootContext, now: f64): Check {
    // One source (the Authorization header, not configurable), so at most one credential.
    const found = findCredentials(st.view, this.sources);
    if (found.duplicate) return Check.fail(R_MALFORMED);
    if (found.values.length == 0) return Check.fail(R_MISSING);
    const cred = found.values[0];
    if (cred.length == 0 || cred.length > MAX_CREDENTIALS) return Check.fail(R_MALFORMED);
    const decoded = base64Decode(cred);
    if (decoded === null) return Check.fail(R_MALFORMED);
    // user-id must not contain ':' (RFC 7617 §2); split at the first one.
    let colon = -1;
    for (let i = 0; i < decoded.length; i++) if (decoded[i] == 0x3A) { colon = i; break; }
    if (colon < 0) return Check.fail(R_MALFORMED);

    const cacheKey = this.cacheCapacity > 0 ? hexEncode(sha256(decoded)) : "";
    if (this.cacheCapacity > 0 && this.cache.has(cacheKey)) {
      const c = this.cache.get(cacheKey);
      if (now < c.until) return this.result(c.user, found.sources);
      this.cache.delete(cacheKey);
    }
    const username = String.UTF8.decodeUnsafe(decoded.dataStart, <usize>colon, false);
    const password = decoded.subarray(colon + 1);
    const known = this.users.has(username);
    const user = known ? this.users.get(username) : this.decoy;
    const derived = pbkdf2Sha256(password, user.salt, user.iterations);
    const ok = timingSafeEqual(derived, user.hash) && known;
    const result: BasicUser | null = ok ? user : null;
    if (this.cacheCapacity > 0) {
      if (this.cache.size >= this.cacheCapacity) this.cache.clear(); // bounded; refilled by the next requests
      this.cache.set(cacheKey, new CachedLogin(now + this.cacheSeconds, result));
    }
    return this.result(result, found.sources);
  }

  private result(user: BasicUser | null, sources: Array<Source>): Check {
    if (user === null) return Check.fail(R_BAD_CREDENTIALS);
    const id = new Identity();
    id.consumer = user.consumer;
    const c = Check.ok(id);
    c.sources = sources;
    return c;
  }
}
