// RSA signature verification (RFC 8017): RSASSA-PKCS1-v1_5 (JWS RS256/RS384/RS512) and
// RSASSA-PSS with MGF1 over the same hash (PS256/PS384/PS512). A public key is prepared once
// (Montgomery constants, scratch buffers), so verifying allocates nothing but small digests.
//
// Strictness, on purpose:
//  - the signature must be exactly k bytes (k = modulus byte length) and, as a number, < n;
//  - PKCS#1 v1.5 compares the whole encoded message EM = 00 01 FF…FF 00 DigestInfo H with the
//    one we build (DigestInfo with the NULL parameter, the only form RFC 8017 emits), so no
//    parser is involved and no alternative encoding is accepted;
//  - PSS follows EMSA-PSS-VERIFY step by step; the salt length is the hash length by default,
//    a fixed length, or any length (PSS_SALT_ANY) when configured.
import { Mont, limbsToBytes } from "./mont";
import { HashAlg, hashLength, sharedHash } from "./sha2";

/** Salt length for verifyPss: any (as recovered from the encoding). */
export const PSS_SALT_ANY: i32 = -1;
/** Salt length for verifyPss: the hash's output length (JWA's PS256/384/512 requirement). */
export const PSS_SALT_HASH_LENGTH: i32 = -2;

/** Smallest modulus accepted by default (bits). */
export const RSA_MIN_BITS: i32 = 2048;
/** Largest modulus accepted (bits). */
export const RSA_MAX_BITS: i32 = 8192;

// DigestInfo prefixes (RFC 8017 §9.2 note 1): SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING }.
// @ts-ignore: decorator
@lazy const DI_SHA256: StaticArray<u8> = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];
// @ts-ignore: decorator
@lazy const DI_SHA384: StaticArray<u8> = [0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30];
// @ts-ignore: decorator
@lazy const DI_SHA512: StaticArray<u8> = [0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40];

function digestInfoPrefix(alg: HashAlg): StaticArray<u8> {
  return alg == HashAlg.SHA256 ? DI_SHA256 : alg == HashAlg.SHA384 ? DI_SHA384 : DI_SHA512;
}

/** An RSA public key prepared for verification. Create with RsaPublicKey.create. */
export class RsaPublicKey {
  readonly mont: Mont;
  /** Public exponent. */
  readonly e: u64;
  /** Modulus bit length. */
  readonly bits: i32;
  /** Modulus byte length (= signature length). */
  readonly k: i32;
  /** Big-endian modulus without leading zeros, and exponent, as imported. */
  readonly modulus: Uint8Array;
  private s: StaticArray<u32>;
  private x: StaticArray<u32>;
  private em: Uint8Array;
  private expected: Uint8Array;
  private digest: Uint8Array;
  private mgfOut: Uint8Array;
  private counter: Uint8Array;

  private constructor(mont: Mont, e: u64, modulus: Uint8Array) {
    this.mont = mont;
    this.e = e;
    this.bits = mont.bits;
    const k = mont.byteLength;
    this.k = k;
    this.modulus = modulus;
    this.s = new StaticArray<u32>(mont.limbs);
    this.x = new StaticArray<u32>(mont.limbs);
    this.em = new Uint8Array(k);
    this.expected = new Uint8Array(k);
    this.digest = new Uint8Array(64);
    this.mgfOut = new Uint8Array(64);
    this.counter = new Uint8Array(4);
  }

  /**
   * Prepares a key from the big-endian modulus and exponent (leading zero bytes allowed).
   * Null unless: n odd with minBits <= bits(n) <= RSA_MAX_BITS; e odd, 3 <= e < 2^64 and e < n.
   */
  static create(n: Uint8Array, e: Uint8Array, minBits: i32 = RSA_MIN_BITS): RsaPublicKey | null {
    let np = n.dataStart;
    let nl = n.length;
    while (nl > 0 && load<u8>(np) == 0) { np++; nl--; }
    if (nl == 0 || nl > RSA_MAX_BITS / 8) return null;
    const bits = nl * 8 - <i32>clz<u32>(<u32>load<u8>(np)) + 24;
    if (bits < minBits || bits > RSA_MAX_BITS) return null;
    let ep = e.dataStart;
    let el = e.length;
    while (el > 0 && load<u8>(ep) == 0) { ep++; el--; }
    if (el == 0 || el > 8) return null;
    let ev: u64 = 0;
    for (let i = 0; i < el; i++) ev = (ev << 8) | <u64>load<u8>(ep + i);
    if (ev < 3 || (ev & 1) == 0) return null;
    const mont = Mont.fromBytes(np, nl, (RSA_MAX_BITS + 31) / 32);
    if (mont === null) return null;
    const modulus = new Uint8Array(nl);
    memory.copy(modulus.dataStart, np, <usize>nl);
    return new RsaPublicKey(mont, ev, modulus);
  }

  /** EM = sig^e mod n as k big-endian bytes into this.em; false if sig is not k bytes or >= n. */
  private recover(sig: Uint8Array): bool {
    if (sig.length != this.k) return false;
    const mont = this.mont;
    const s = changetype<usize>(this.s);
    const x = changetype<usize>(this.x);
    if (!mont.readBytes(s, sig.dataStart, sig.length)) return false;
    mont.toMont(s, s);
    mont.powSmall(x, s, this.e);
    mont.fromMont(x, x);
    limbsToBytes(this.em.dataStart, this.k, x, mont.limbs);
    return true;
  }

  /** RSASSA-PKCS1-v1_5 verification of `msg` (hashed here with `alg`). */
  verifyPkcs1v15(alg: HashAlg, msg: Uint8Array, sig: Uint8Array): bool {
    const d = this.digest.dataStart;
    sharedHash(alg).updatePtr(msg.dataStart, msg.length).finishInto(d);
    return this.verifyPkcs1v15DigestPtr(alg, d, sig);
  }

  /** RSASSA-PKCS1-v1_5 verification given the message digest (its length must match `alg`). */
  verifyPkcs1v15Digest(alg: HashAlg, digest: Uint8Array, sig: Uint8Array): bool {
    if (digest.length != hashLength(alg)) return false;
    return this.verifyPkcs1v15DigestPtr(alg, digest.dataStart, sig);
  }

  private verifyPkcs1v15DigestPtr(alg: HashAlg, digest: usize, sig: Uint8Array): bool {
    const hLen = hashLength(alg);
    const prefix = digestInfoPrefix(alg);
    const tLen = prefix.length + hLen;
    const k = this.k;
    if (k < tLen + 11) return false;
    if (!this.recover(sig)) return false;
    const ex = this.expected.dataStart;
    store<u8>(ex, 0);
    store<u8>(ex + 1, 1);
    const psEnd = k - tLen - 1;
    memory.fill(ex + 2, 0xff, <usize>(psEnd - 2));
    store<u8>(ex + <usize>psEnd, 0);
    memory.copy(ex + <usize>(psEnd + 1), changetype<usize>(prefix), <usize>prefix.length);
    memory.copy(ex + <usize>(k - hLen), digest, <usize>hLen);
    return memory.compare(ex, this.em.dataStart, <usize>k) == 0;
  }

  /**
   * RSASSA-PSS verification of `msg` with `alg` and MGF1(`alg`). `saltLength`: a byte count,
   * PSS_SALT_HASH_LENGTH (default) or PSS_SALT_ANY.
   */
  verifyPss(alg: HashAlg, msg: Uint8Array, sig: Uint8Array, saltLength: i32 = PSS_SALT_HASH_LENGTH): bool {
    const d = this.digest.dataStart;
    sharedHash(alg).updatePtr(msg.dataStart, msg.length).finishInto(d);
    return this.verifyPssDigestPtr(alg, d, sig, saltLength);
  }

  /** RSASSA-PSS verification given mHash (its length must match `alg`). */
  verifyPssDigest(alg: HashAlg, digest: Uint8Array, sig: Uint8Array, saltLength: i32 = PSS_SALT_HASH_LENGTH): bool {
    if (digest.length != hashLength(alg)) return false;
    memory.copy(this.digest.dataStart, digest.dataStart, <usize>digest.length);
    return this.verifyPssDigestPtr(alg, this.digest.dataStart, sig, saltLength);
  }

  // EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with emBits = modBits - 1.
  private verifyPssDigestPtr(alg: HashAlg, mHash: usize, sig: Uint8Array, saltLength: i32): bool {
    const hLen = hashLength(alg);
    let sLen = saltLength == PSS_SALT_HASH_LENGTH ? hLen : saltLength;
    if (sLen < PSS_SALT_ANY) return false;
    if (!this.recover(sig)) return false;
    const emBits = this.bits - 1;
    const emLen = (emBits + 7) >> 3;
    // I2OSP(m, emLen): when emLen = k - 1 the leading byte of the k-byte form must be zero.
    let em = this.em.dataStart;
    if (emLen < this.k) {
      if (load<u8>(em) != 0) return false;
      em++;
    }
    if (emLen < hLen + (sLen == PSS_SALT_ANY ? 0 : sLen) + 2) return false;
    if (load<u8>(em + <usize>(emLen - 1)) != 0xbc) return false;
    const dbLen = emLen - hLen - 1;
    const h = em + <usize>dbLen;
    const topMask = <u8>(<u32>0xff >> <u32>(8 * emLen - emBits));
    if ((load<u8>(em) & ~topMask) != 0) return false;
    // DB = maskedDB xor MGF1(H, dbLen), in place.
    const hasher = sharedHash(alg);
    const ctr = this.counter.dataStart;
    const mask = this.mgfOut.dataStart;
    for (let off = 0, c: u32 = 0; off < dbLen; off += hLen, c++) {
      store<u32>(ctr, bswap<u32>(c));
      hasher.reset().updatePtr(h, hLen).updatePtr(ctr, 4).finishInto(mask);
      const n = min(hLen, dbLen - off);
      for (let i = 0; i < n; i++) store<u8>(em + <usize>(off + i), load<u8>(em + <usize>(off + i)) ^ load<u8>(mask + i));
    }
    store<u8>(em, load<u8>(em) & topMask);
    // DB = PS (zeros) || 0x01 || salt.
    let one = 0;
    while (one < dbLen && load<u8>(em + <usize>one) == 0) one++;
    if (one >= dbLen || load<u8>(em + <usize>one) != 1) return false;
    const saltLen = dbLen - one - 1;
    if (sLen != PSS_SALT_ANY && saltLen != sLen) return false;
    // H' = Hash(0x00 × 8 || mHash || salt).
    memory.fill(mask, 0, 8);
    hasher.reset().updatePtr(mask, 8).updatePtr(mHash, hLen).updatePtr(em + <usize>(one + 1), saltLen).finishInto(mask);
    return memory.compare(mask, h, <usize>hLen) == 0;
  }
}

