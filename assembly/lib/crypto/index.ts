// assembly/lib/crypto: what authentication filters need to check credentials, in AssemblyScript.
//
// Why our own code: no maintained AssemblyScript library covers this (checked November 2026 on
// npm and GitHub). `@chainsafe/as-sha256` is SHA-256 only, built as a standalone module with
// global buffers for AS 0.27; `as-crypto` (0.0.4, one release) is a crypto-js port pinned to
// AssemblyScript's git master, without SHA-384/512-HMAC, RSA or ECDSA; nothing offers RSA,
// ECDSA P-256/P-384 or Ed25519 verification. So this library is written from the standards
// (FIPS 180-4, RFC 2104, RFC 8017, FIPS 186-5/SEC 1, RFC 8032, RFC 7515-7518/8037) and tested
// against node:crypto (test/lib/crypto*.test.ts).
//
// Rules it keeps, because it runs on attacker-controlled input inside Envoy:
//  - nothing traps on bad input: decoders and verifiers return null/false (lengths are checked
//    before any access); only programming errors (e.g. a missing HMAC secret) can trap;
//  - keys are imported at configure time into prepared objects; per-request verification does
//    not allocate in inner loops (the minimal runtime only collects between callbacks);
//  - secrets (HMAC keys, MAC comparison) are handled in constant time; the public-key code is
//    variable time, which is fine for verification of public signatures with public keys.
export {
  base64urlDecode, base64urlEncode, base64Decode, base64Encode, hexDecode, hexEncode,
  timingSafeEqual, timingSafeEqualPtr, utf8Bytes,
} from "./encoding";
export { HashAlg, hashLength, Hash, Sha256, Sha512, newHash, hash, sha256, sha384, sha512, Hmac, hmac } from "./sha2";
export { Mont } from "./mont";
export { RsaPublicKey, PSS_SALT_ANY, PSS_SALT_HASH_LENGTH, RSA_MIN_BITS, RSA_MAX_BITS } from "./rsa";
export { EcCurve, EcPublicKey, ecdsaDerToRaw } from "./ec";
export { Ed25519PublicKey } from "./ed25519";
export {
  PublicKey, KeyImport, importJwk, importJwks, importSpki, pemDecode, Pem,
  verifyJws, verifyCompactJws, algMatchesKey,
} from "./keys";
