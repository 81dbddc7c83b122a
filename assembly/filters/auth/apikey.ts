// API keys mapped to named consumers. Every configured key is kept only as its SHA-256, so a
// configuration may carry hashes instead of plaintext keys; the presented key is hashed and
// compared with every entry in constant time (no early exit, no secret-dependent branch).
import { RootContext } from "envoy-as";
import { sha256, timingSafeEqualPtr } from "envoy-as/lib/crypto";
import { Source, extract } from "./extract";
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

  check(st: StreamState, root: RootContext, now: f64): Check {
    const found = extract(st.view, this.sources);
    if (found.duplicate) return Check.fail(R_MALFORMED);
    const key = found.value;
    if (key === null) return Check.fail(R_MISSING);
    if (key.length == 0 || key.length > MAX_PRESENTED_KEY) return Check.fail(R_BAD_CREDENTIALS);
    const digest = sha256(Uint8Array.wrap(String.UTF8.encode(key)));
    let match = -1;
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      // Compare with every entry; select without branching on the comparison.
      const eq = <i32>timingSafeEqualPtr(digest.dataStart, unchecked(entries[i]).digest.dataStart, 32);
      const mask = -eq; // all ones if equal
      match = (match & ~mask) | (i & mask);
    }
    if (match < 0) return Check.fail(R_BAD_CREDENTIALS);
    const id = new Identity();
    id.consumer = entries[match].consumer;
    const c = Check.ok(id);
    c.source = found.source;
    return c;
  }
}
