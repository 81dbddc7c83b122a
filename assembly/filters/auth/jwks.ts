// Loading a JWT provider's JWK Set, inline (configure time) or fetched (on each fetch): every
// entry imported; keys that cannot verify here (encryption keys, key_ops without "verify",
// unsupported types or curves) skipped with a warning; legal but risky sets (one kid on two keys,
// HMAC secrets next to public keys) reported with a warning. README: "JWK Sets".
import { JsonValue } from "envoy-as";
import { PublicKey, importJwks } from "envoy-as/lib/crypto";

/** What a JWK Set yields: the keys to verify with, what is wrong with it, what to warn about. */
export class JwksLoad {
  keys: Array<PublicKey> = [];
  /** Index in the set's "keys" array of each of `keys` (for messages naming the entry). */
  positions: Array<i32> = [];
  /** Broken entries (malformed members, private keys): configuration errors for an inline set. */
  errors: Array<string> = [];
  /** Keys that cannot verify here (why, naming the entry): logged and skipped, the others still apply. */
  skipped: Array<string> = [];
  /** Legal but risky sets (one kid on two keys, HMAC secrets next to public keys): logged. */
  warnings: Array<string> = [];
}

/** Imports the JWK Set `v` and sorts each entry into a key, an error or a skipped key, and adds the warnings. */
export function loadJwks(v: JsonValue): JwksLoad {
  const out = new JwksLoad();
  const imports = importJwks(v);
  for (let i = 0; i < imports.length; i++) {
    const r = imports[i];
    if (r.ok) { out.keys.push(r.key!); out.positions.push(i); }
    else if (r.skipped) out.skipped.push(r.error);
    else out.errors.push(r.error);
  }
  const keys = out.keys;
  let secrets = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = unchecked(keys[i]);
    if (key.kty == "oct") secrets++;
    const kid = key.kid;
    if (kid === null) continue;
    for (let j = 0; j < i; j++) {
      const other = unchecked(keys[j]).kid;
      if (other !== null && other == kid) {
        out.warnings.push("keys[" + out.positions[i].toString() + "].kid: \"" + kid + "\" is also the kid of keys[" + out.positions[j].toString() +
          "]; a token with this kid is checked against both (give each key its own kid)");
        break;
      }
    }
  }
  if (secrets > 0 && secrets < keys.length) {
    out.warnings.push("keys: the set mixes HMAC secrets (oct) with public keys; whoever holds a secret can mint tokens this provider accepts, " +
      "so keep shared secrets in a provider of their own");
  }
  return out;
}
