// API keys mapped to named consumers. Every configured key is kept only as its SHA-256, so a
// configuration may carry hashes instead of plaintext keys; the presented key is hashed and
// compared with every entry in constant time (no early exit, no secret-dependent branch).
import { RootContext } from "envoy-as";
import { sha256, timingSafeEqualPtr } from "envoy-as/lib/crypto";
import { Source, findCredentials } from "./extract";
import { Provider, quoteParam } from "./provider";
import { Check, Identity, KIND_API_KEY, R_BAD_CREDENTIALS, R_MALFORMED, R_MISSING, StreamState } from "./types";

/** Longest key accepted from a request (anything longer is invalid without hashing it). */
export const MAX_PRESENTED_KEY: i32 = 1024;

export class ApiKeyEntry {
  constructor(public consumer: string, public digest: Uint8Array) {}
}

export class ApiKeyProvider extends Provider {
  entries: Array<ApiKeyEntry> = [];
  realm: string = "";

  constructor(name: string) {
    super(name, KIND_API_KEY);
    this.sources = [new Source(0, "x-api-key", "")];
  }

  challenge(reason: i32): string {
    return "ApiKey realm=" + quoteParam(this.realm.length ? this.realm : this.name);
  }

  /**
   * Every key the request carries at this provider's sources must be valid and name the same
   * consumer; one bad key fails the request, so an unverified key is never forwarded upstream.
   */
  check(st: StreamState, root: RootContext, now: f64): Check {
    const found = findCredentials(st.view, this.sources);
    if (found.duplicate) return Check.fail(R_MALFORMED);
    const keys = found.values;
    if (keys.length == 0) return Check.fail(R_MISSING);
    let consumer = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = unchecked(keys[i]);
      let repeated = false;
      for (let j = 0; j < i && !repeated; j++) repeated = unchecked(keys[j]) == key;
      if (repeated) continue;
      const match = this.lookup(key);
      if (match < 0) return Check.fail(R_BAD_CREDENTIALS);
      // Two valid keys of different consumers: ambiguous, like a credential given twice.
      if (consumer >= 0 && unchecked(this.entries[consumer]).consumer != unchecked(this.entries[match]).consumer) return Check.fail(R_MALFORMED);
      if (consumer < 0) consumer = match;
    }
    const id = new Identity();
    id.consumer = this.entries[consumer].consumer;
    const c = Check.ok(id);
    c.sources = found.sources;
    return c;
  }

  /** The index of the entry whose digest is the key's, or -1; compares with every entry in constant time. */
  private lookup(key: string): i32 {
    if (key.length == 0 || key.length > MAX_PRESENTED_KEY) return -1;
    const digest = sha256(Uint8Array.wrap(String.UTF8.encode(key)));
    let match = -1;
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      // Compare with every entry; select without branching on the comparison.
      const eq = <i32>timingSafeEqualPtr(digest.dataStart, unchecked(entries[i]).digest.dataStart, 32);
      const mask = -eq; // all ones if equal
      match = (match & ~mask) | (i & mask);
    }
    return match;
  }
}
