// Public-key import (JWK, SPKI DER/PEM) into prepared keys, and JWS signature verification by
// algorithm name (RFC 7515/7518/8037). Import happens at configure time and does the expensive
// work then (Montgomery constants, EC/Ed25519 multiples tables, HMAC pad states); verification
// per request only hashes and runs the public operation.
import { JsonValue } from "../../sdk/json";
import { EcCurve, EcPublicKey } from "./ec";
import { DerReader } from "./der";
import { Ed25519PublicKey } from "./ed25519";
import { base64Decode, base64urlDecode } from "./encoding";
import { PSS_SALT_ANY, PSS_SALT_HASH_LENGTH, RSA_MIN_BITS, RsaPublicKey } from "./rsa";
import { HashAlg, Hmac, hashLength } from "./sha2";

/** A verification key: exactly one of rsa, ec, ed, secret is set, according to kty. */
export class PublicKey {
  /** "RSA", "EC", "OKP" or "oct". */
  kty: string = "";
  /** JWK kid, if any. */
  kid: string | null = null;
  /** JWK alg, if any: verifyJws then accepts only this algorithm. */
  alg: string | null = null;
  rsa: RsaPublicKey | null = null;
  ec: EcPublicKey | null = null;
  ed: Ed25519PublicKey | null = null;
  /** oct key bytes (HMAC secret). */
  secret: Uint8Array | null = null;
  /** PS256/384/512: accept any salt length instead of exactly the hash length. */
  pssAnySalt: bool = false;
  private hmacs: StaticArray<Hmac | null> = new StaticArray<Hmac | null>(3);

  /** The HMAC prepared with this key's secret for `alg` (built on first use). Requires `secret`. */
  hmac(alg: HashAlg): Hmac {
    let h = unchecked(this.hmacs[<i32>alg]);
    if (h === null) {
      h = new Hmac(alg, this.secret!);
      unchecked(this.hmacs[<i32>alg] = h);
    }
    return h;
  }

  /** Builds the HMAC states now (call at configure time for oct keys). */
  prepareHmacs(): void {
    if (this.secret === null) return;
    this.hmac(HashAlg.SHA256);
    this.hmac(HashAlg.SHA384);
    this.hmac(HashAlg.SHA512);
  }
}

/**
 * Result of an import: the key, or an error message naming the field. `skipped` marks a
 * well-formed JWK that is simply not a verification key this library can use (an encryption
 * key, key_ops without "verify", an unsupported key type or curve): a JWK Set may carry such
 * keys next to the signing keys, and its user may skip them instead of refusing the set.
 */
export class KeyImport {
  skipped: bool = false;
  constructor(public key: PublicKey | null, public error: string) {}
  get ok(): bool { return this.key !== null; }
}

function fail(msg: string): KeyImport {
  return new KeyImport(null, msg);
}

function skip(msg: string): KeyImport {
  const r = new KeyImport(null, msg);
  r.skipped = true;
  return r;
}

/** null if `key_ops` (RFC 7517 §4.3) is absent or includes "verify"; else why the key cannot verify. */
function keyOpsProblem(v: JsonValue, err: Array<string>): string | null {
  const ops = v.get("key_ops");
  if (ops === null) return null;
  if (!ops.isArray) { err[0] = "key_ops: must be an array of strings"; return null; }
  let verify = false;
  for (let i = 0; i < ops.items.length; i++) {
    const op = ops.items[i];
    if (!op.isString) { err[0] = "key_ops[" + i.toString() + "]: must be a string"; return null; }
    for (let j = 0; j < i; j++) if (ops.items[j].str == op.str) { err[0] = "key_ops: " + op.str + " is listed twice"; return null; }
    if (op.str == "verify") verify = true;
  }
  return verify ? null : "key_ops: does not include \"verify\"";
}

/** The member `name` as base64url bytes, or null (with `err[0]` set) if missing or invalid. */
function b64Member(v: JsonValue, name: string, err: Array<string>): Uint8Array | null {
  const m = v.get(name);
  if (m === null) { err[0] = name + ": missing"; return null; }
  if (!m.isString) { err[0] = name + ": must be a string"; return null; }
  const bytes = base64urlDecode(m.str);
  if (bytes === null) { err[0] = name + ": not valid base64url"; return null; }
  return bytes;
}

function optString(v: JsonValue, name: string, err: Array<string>): string | null {
  const m = v.get(name);
  if (m === null) return null;
  if (!m.isString) { err[0] = name + ": must be a string"; return null; }
  return m.str;
}

/** The hash of a JWS algorithm family member, or -1. */
function jwsHash(alg: string): i32 {
  if (alg.length != 5) return -1;
  const bits = alg.substring(2);
  if (bits == "256") return HashAlg.SHA256;
  if (bits == "384") return HashAlg.SHA384;
  if (bits == "512") return HashAlg.SHA512;
  return -1;
}

/** Whether `alg` is a JWS algorithm this library verifies (with some key type). */
export function isJwsAlg(alg: string): bool {
  if (alg == "EdDSA" || alg == "ES256" || alg == "ES384") return true;
  return (alg.startsWith("RS") || alg.startsWith("PS") || alg.startsWith("HS")) && jwsHash(alg) >= 0;
}

/** Whether `alg` is a JWS algorithm usable with a key of type `kty` (and curve, for EC/OKP). */
export function algMatchesKey(alg: string, key: PublicKey): bool {
  if (key.kty == "oct") return (alg == "HS256" || alg == "HS384" || alg == "HS512");
  if (key.kty == "RSA") return (alg.startsWith("RS") || alg.startsWith("PS")) && jwsHash(alg) >= 0;
  if (key.kty == "EC") {
    const ec = key.ec!;
    return (alg == "ES256" && ec.crv == EcCurve.P256) || (alg == "ES384" && ec.crv == EcCurve.P384);
  }
  if (key.kty == "OKP") return alg == "EdDSA";
  return false;
}

/**
 * Imports one JWK (RFC 7517/7518/8037) public or symmetric key: RSA (n, e), EC (crv P-256 or
 * P-384, x, y of the curve's exact size, point validated), OKP (crv Ed25519, x) or oct (k).
 * Rejects private keys (a "d" member: private key material does not belong in a proxy's
 * configuration), malformed members and an "alg" that does not fit the key type. A key that is
 * well-formed but not for verifying here ("use" other than "sig", "key_ops" without "verify",
 * an unsupported kty or curve) comes back `skipped`.
 */
export function importJwk(v: JsonValue, rsaMinBits: i32 = RSA_MIN_BITS): KeyImport {
  if (!v.isObject) return fail("JWK must be a JSON object");
  const err = new Array<string>(1);
  err[0] = "";
  const kty = optString(v, "kty", err);
  if (kty === null) return fail(err[0].length ? err[0] : "kty: missing");
  const key = new PublicKey();
  key.kty = kty;
  key.kid = optString(v, "kid", err);
  key.alg = optString(v, "alg", err);
  const use = optString(v, "use", err);
  const ops = keyOpsProblem(v, err);
  if (err[0].length) return fail(err[0]);
  if (v.get("d") !== null) return fail("d: private keys are not accepted; give the public key only");
  if (use !== null && use != "sig") return skip("use: \"" + use + "\" is not a signature key (\"sig\")");
  if (ops !== null) return skip(ops);
  if (kty == "RSA") {
    const n = b64Member(v, "n", err);
    if (n === null) return fail(err[0]);
    const e = b64Member(v, "e", err);
    if (e === null) return fail(err[0]);
    const rsa = RsaPublicKey.create(n, e, rsaMinBits);
    if (rsa === null) return fail("n/e: not a usable RSA public key (modulus " + rsaMinBits.toString() + "..8192 bits, odd; e odd, 3..2^64-1)");
    key.rsa = rsa;
  } else if (kty == "EC") {
    const crv = optString(v, "crv", err);
    if (crv === null) return fail(err[0].length ? err[0] : "crv: missing");
    let id: EcCurve;
    if (crv == "P-256") id = EcCurve.P256;
    else if (crv == "P-384") id = EcCurve.P384;
    else return skip("crv: unsupported curve " + crv + " (P-256, P-384)");
    const x = b64Member(v, "x", err);
    if (x === null) return fail(err[0]);
    const y = b64Member(v, "y", err);
    if (y === null) return fail(err[0]);
    const ec = EcPublicKey.fromCoordinates(id, x, y);
    if (ec === null) return fail("x/y: not a point on " + crv + " of the curve's exact size");
    key.ec = ec;
  } else if (kty == "OKP") {
    const crv = optString(v, "crv", err);
    if (crv === null) return fail(err[0].length ? err[0] : "crv: missing");
    if (crv != "Ed25519") return skip("crv: unsupported curve " + crv + " (Ed25519)");
    const x = b64Member(v, "x", err);
    if (x === null) return fail(err[0]);
    const ed = Ed25519PublicKey.create(x);
    if (ed === null) return fail("x: not a valid Ed25519 public key");
    key.ed = ed;
  } else if (kty == "oct") {
    const k = b64Member(v, "k", err);
    if (k === null) return fail(err[0]);
    if (k.length == 0) return fail("k: empty key");
    key.secret = k;
    key.prepareHmacs();
  } else {
    return skip("kty: unsupported key type " + kty + " (RSA, EC, OKP, oct)");
  }
  const alg = key.alg;
  if (alg !== null && !algMatchesKey(alg, key)) {
    // An algorithm this library does not verify (RSA-OAEP, ES512, …) marks a key for something else.
    if (!isJwsAlg(alg)) return skip("alg: " + alg + " is not a supported JWS algorithm");
    return fail("alg: " + alg + " does not fit a " + kty + " key");
  }
  return new KeyImport(key, "");
}

/** Imports a JWK Set ({"keys": [...]}): one KeyImport per entry, in order; an error entry if not a set. */
export function importJwks(v: JsonValue, rsaMinBits: i32 = RSA_MIN_BITS): Array<KeyImport> {
  const out = new Array<KeyImport>();
  const keys = v.isObject ? v.get("keys") : null;
  if (keys === null || !keys.isArray) { out.push(fail("keys: a JWK Set needs a \"keys\" array")); return out; }
  for (let i = 0; i < keys.items.length; i++) {
    const r = importJwk(keys.items[i], rsaMinBits);
    if (!r.ok) r.error = "keys[" + i.toString() + "]." + r.error;
    out.push(r);
  }
  return out;
}

/**
 * Verifies a JWS signature: `alg` is the header's alg, `signingInput` the ASCII of
 * BASE64URL(header) "." BASE64URL(payload), `sig` the decoded signature. False for "none",
 * unknown algorithms, an alg not fitting the key (or its JWK alg), HMAC secrets shorter than
 * the hash (RFC 7518 §3.2), and of course bad signatures.
 */
export function verifyJws(alg: string, key: PublicKey, signingInput: Uint8Array, sig: Uint8Array): bool {
  const pinned = key.alg;
  if (pinned !== null && pinned != alg) return false;
  if (!algMatchesKey(alg, key)) return false;
  if (key.kty == "EC") return key.ec!.verify(signingInput, sig);
  if (key.kty == "OKP") return key.ed!.verify(signingInput, sig);
  const h = <HashAlg>jwsHash(alg);
  if (key.kty == "oct") {
    if (key.secret!.length < hashLength(h)) return false;
    return key.hmac(h).verify(signingInput, sig);
  }
  const rsa = key.rsa!;
  if (alg.charCodeAt(0) == 82 /* R */) return rsa.verifyPkcs1v15(h, signingInput, sig);
  return rsa.verifyPss(h, signingInput, sig, key.pssAnySalt ? PSS_SALT_ANY : PSS_SALT_HASH_LENGTH);
}

/** Whether the UTF-16 unit `c` is in the base64url alphabet (A-Z a-z 0-9 - _). */
function isB64urlChar(c: u32): bool {
  return (c - 0x41 < 26) || (c - 0x61 < 26) || (c - 0x30 < 10) || c == 0x2D || c == 0x5F;
}

/**
 * Verifies a compact JWS (header.payload.signature) with `alg` (taken by the caller from the
 * decoded header, which this function does not parse) and `key`. Only the signature is
 * checked: claims are the caller's business. The header (non-empty) and the payload (empty for
 * detached content) must be unpadded base64url, as RFC 7515 §7.1 defines the serialization: a
 * signature over other text (padding, '+', '/', spaces) is refused even when it is correct, so a
 * token has one spelling only.
 */
export function verifyCompactJws(token: string, alg: string, key: PublicKey): bool {
  const first = token.indexOf(".");
  if (first <= 0) return false;
  const second = token.indexOf(".", first + 1);
  if (second < 0 || token.indexOf(".", second + 1) >= 0) return false;
  // A base64url text of length 4n+1 encodes nothing.
  if ((first & 3) == 1 || ((second - first - 1) & 3) == 1) return false;
  const sig = base64urlDecode(token.substring(second + 1));
  if (sig === null) return false;
  const n = second;
  const input = new Uint8Array(n);
  const src = changetype<usize>(token);
  for (let i = 0; i < n; i++) {
    const c = <u32>load<u16>(src + (<usize>i << 1));
    if (i != first && !isB64urlChar(c)) return false;
    store<u8>(input.dataStart + <usize>i, <u8>c);
  }
  return verifyJws(alg, key, input, sig);
}

// ---- SPKI (RFC 5280 SubjectPublicKeyInfo) and PEM

// @ts-ignore: decorator
@lazy const OID_RSA: StaticArray<u8> = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
// @ts-ignore: decorator
@lazy const OID_EC: StaticArray<u8> = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
// @ts-ignore: decorator
@lazy const OID_P256: StaticArray<u8> = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
// @ts-ignore: decorator
@lazy const OID_P384: StaticArray<u8> = [0x2b, 0x81, 0x04, 0x00, 0x22];
// @ts-ignore: decorator
@lazy const OID_ED25519: StaticArray<u8> = [0x2b, 0x65, 0x70];

/** Positive INTEGER value without its sign byte; null if zero, negative or non-minimal. */
function positiveInteger(d: DerReader): Uint8Array | null {
  const v = d.unsignedInteger();
  return v === null || v.length == 0 ? null : v;
}

/** PKCS#1 RSAPublicKey: SEQUENCE { INTEGER n, INTEGER e }. */
function rsaFromPkcs1(der: Uint8Array, rsaMinBits: i32): KeyImport {
  const top = new DerReader(der);
  if (!top.read(0x30) || !top.done) return fail("RSAPublicKey: not a DER SEQUENCE");
  const seq = top.sub();
  const n = positiveInteger(seq);
  if (n === null) return fail("RSAPublicKey: bad modulus");
  const e = positiveInteger(seq);
  if (e === null || !seq.done) return fail("RSAPublicKey: bad exponent");
  const rsa = RsaPublicKey.create(n, e, rsaMinBits);
  if (rsa === null) return fail("RSAPublicKey: not a usable RSA public key");
  const key = new PublicKey();
  key.kty = "RSA";
  key.rsa = rsa;
  return new KeyImport(key, "");
}

/**
 * Imports a SubjectPublicKeyInfo (DER bytes, or PEM text "PUBLIC KEY"; PEM "RSA PUBLIC KEY"
 * holds PKCS#1) for RSA, EC P-256/P-384 (uncompressed or compressed point) or Ed25519.
 */
export function importSpki(input: Uint8Array, rsaMinBits: i32 = RSA_MIN_BITS): KeyImport {
  let der = input;
  if (input.length > 0 && input[0] == 0x2d /* '-' */) {
    const text = String.UTF8.decodeUnsafe(input.dataStart, <usize>input.length);
    const pem = pemDecode(text);
    if (pem === null) return fail("PEM: malformed");
    if (pem.label == "RSA PUBLIC KEY") return rsaFromPkcs1(pem.der, rsaMinBits);
    if (pem.label != "PUBLIC KEY") return fail("PEM: expected PUBLIC KEY, got " + pem.label);
    der = pem.der;
  }
  const top = new DerReader(der);
  if (!top.read(0x30) || !top.done) return fail("SPKI: not a DER SEQUENCE");
  const spki = top.sub();
  if (!spki.read(0x30)) return fail("SPKI: missing AlgorithmIdentifier");
  const algId = spki.sub();
  if (!spki.read(0x03) || !spki.done || spki.len < 1 || spki.data[spki.start] != 0) return fail("SPKI: bad subjectPublicKey BIT STRING");
  const keyBytes = spki.data.subarray(spki.start + 1, spki.start + spki.len);
  if (!algId.read(0x06)) return fail("SPKI: missing algorithm OID");
  const key = new PublicKey();
  if (algId.valueEquals(OID_RSA)) {
    if (!algId.done) { if (!algId.read(0x05) || algId.len != 0 || !algId.done) return fail("SPKI: rsaEncryption parameters must be NULL"); }
    return rsaFromPkcs1(keyBytes, rsaMinBits);
  } else if (algId.valueEquals(OID_EC)) {
    if (!algId.read(0x06) || !algId.done) return fail("SPKI: EC key without a named curve");
    let id: EcCurve;
    if (algId.valueEquals(OID_P256)) id = EcCurve.P256;
    else if (algId.valueEquals(OID_P384)) id = EcCurve.P384;
    else return fail("SPKI: unsupported EC curve (P-256, P-384)");
    const ec = EcPublicKey.fromSec1(id, keyBytes);
    if (ec === null) return fail("SPKI: EC point not on the curve");
    key.kty = "EC";
    key.ec = ec;
  } else if (algId.valueEquals(OID_ED25519)) {
    if (!algId.done) return fail("SPKI: Ed25519 takes no parameters");
    const ed = Ed25519PublicKey.create(keyBytes);
    if (ed === null) return fail("SPKI: invalid Ed25519 public key");
    key.kty = "OKP";
    key.ed = ed;
  } else {
    return fail("SPKI: unsupported algorithm (RSA, EC, Ed25519)");
  }
  return new KeyImport(key, "");
}

export class Pem {
  constructor(public label: string, public der: Uint8Array) {}
}

/** Decodes the first PEM block of `text` (RFC 7468, strict base64 body, whitespace ignored). */
export function pemDecode(text: string): Pem | null {
  const begin = text.indexOf("-----BEGIN ");
  if (begin < 0) return null;
  const labelEnd = text.indexOf("-----", begin + 11);
  if (labelEnd < 0) return null;
  const label = text.substring(begin + 11, labelEnd);
  const endMarker = "-----END " + label + "-----";
  const bodyEnd = text.indexOf(endMarker, labelEnd + 5);
  if (bodyEnd < 0) return null;
  const parts = new Array<string>();
  let run = labelEnd + 5;
  for (let i = labelEnd + 5; i <= bodyEnd; i++) {
    const c = i < bodyEnd ? text.charCodeAt(i) : 32;
    if (c == 32 || c == 9 || c == 10 || c == 13) {
      if (i > run) parts.push(text.substring(run, i));
      run = i + 1;
    }
  }
  const der = base64Decode(parts.join(""));
  if (der === null || der.length == 0) return null;
  return new Pem(label, der);
}
