// assembly/lib/crypto encodings, SHA-2 and HMAC against node:crypto and Buffer, on thousands of
// random inputs (all lengths around the block boundaries), plus RFC 4231's HMAC vectors.
import { createHash, createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Alg, Batch, Harness, Op, flag, hex, maybe, rng, text, type HashName } from "./crypto-harness.ts";

let h: Harness;
beforeAll(async () => { h = await Harness.load(); });

const HASHES: HashName[] = ["sha256", "sha384", "sha512"];
const algByte = (name: HashName) => new Uint8Array([Alg[name]]);

describe("SHA-2 against node:crypto", () => {
  it("one-shot and streaming over lengths 0..300 and random lengths to 5000", () => {
    const r = rng(1);
    const cases: { name: HashName; data: Uint8Array; chunk: number }[] = [];
    for (const name of HASHES) {
      for (let len = 0; len <= 300; len++) cases.push({ name, data: r.bytes(len), chunk: 1 + r.int(70) });
      for (const len of [55, 56, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 1023, 1024, 4096]) cases.push({ name, data: r.bytes(len), chunk: 1 + r.int(200) });
      for (let i = 0; i < 150; i++) cases.push({ name, data: r.bytes(r.int(5000)), chunk: 1 + r.int(300) });
    }
    const b = new Batch();
    for (const c of cases) {
      b.add(Op.hash, algByte(c.name), c.data);
      b.add(Op.hashStream, algByte(c.name), c.data, c.chunk);
    }
    const out = h.run(b);
    let bad = 0;
    cases.forEach((c, i) => {
      const want = createHash(c.name).update(c.data).digest("hex");
      if (hex(out[2 * i]) !== want || hex(out[2 * i + 1]) !== want) bad++;
    });
    expect(bad).toBe(0);
    expect(cases.length).toBeGreaterThan(1300);
  });

  it("known answers for the empty string and 'abc'", () => {
    const b = new Batch();
    b.add(Op.hash, algByte("sha256"), "");
    b.add(Op.hash, algByte("sha256"), "abc");
    b.add(Op.hash, algByte("sha384"), "abc");
    b.add(Op.hash, algByte("sha512"), "abc");
    const out = h.run(b).map(hex);
    expect(out[0]).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(out[1]).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(out[2]).toBe("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    expect(out[3]).toBe("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  });
});

describe("HMAC", () => {
  it("matches node:crypto for random keys (0..300 bytes, across block sizes) and messages", () => {
    const r = rng(2);
    const cases: { name: HashName; key: Uint8Array; data: Uint8Array }[] = [];
    for (const name of HASHES) {
      for (const kl of [0, 1, 31, 32, 48, 63, 64, 65, 127, 128, 129, 200]) cases.push({ name, key: r.bytes(kl), data: r.bytes(r.int(300)) });
      for (let i = 0; i < 400; i++) cases.push({ name, key: r.bytes(r.int(300)), data: r.bytes(r.int(600)) });
    }
    const b = new Batch();
    for (const c of cases) b.add(Op.hmac, algByte(c.name), c.key, c.data);
    const out = h.run(b);
    let bad = 0;
    cases.forEach((c, i) => { if (hex(out[i]) !== createHmac(c.name, c.key).update(c.data).digest("hex")) bad++; });
    expect(bad).toBe(0);
  });

  it("verify accepts the tag and rejects every single-bit flip, truncation and extension", () => {
    const r = rng(3);
    const b = new Batch();
    const expected: boolean[] = [];
    for (const name of HASHES) {
      for (let i = 0; i < 40; i++) {
        const key = r.bytes(1 + r.int(100));
        const data = r.bytes(r.int(200));
        const tag = createHmac(name, key).update(data).digest();
        b.add(Op.hmacVerify, algByte(name), key, data, tag); expected.push(true);
        const flipped = Uint8Array.from(tag); flipped[r.int(tag.length)] ^= 1 << r.int(8);
        b.add(Op.hmacVerify, algByte(name), key, data, flipped); expected.push(false);
        b.add(Op.hmacVerify, algByte(name), key, data, tag.subarray(0, tag.length - 1)); expected.push(false);
        b.add(Op.hmacVerify, algByte(name), key, data, Buffer.concat([tag, Buffer.from([0])])); expected.push(false);
        const otherData = Uint8Array.from(data.length ? data : [0]); otherData[0] ^= 0x80;
        b.add(Op.hmacVerify, algByte(name), key, otherData, tag); expected.push(false);
      }
    }
    expect(h.run(b).map(flag)).toEqual(expected);
  });

  // RFC 4231 §4: test cases 1-4, 6, 7 (full length) and 5 (truncated to 128 bits).
  it("RFC 4231 test vectors", () => {
    const rep = (byte: number, n: number) => new Uint8Array(n).fill(byte);
    const seq = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const big = rep(0xaa, 131);
    const vectors: { key: Uint8Array; data: Uint8Array | string; sha256: string; sha384: string; sha512: string }[] = [
      { key: rep(0x0b, 20), data: "Hi There",
        sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        sha384: "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
        sha512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854" },
      { key: new TextEncoder().encode("Jefe"), data: "what do ya want for nothing?",
        sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        sha384: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
        sha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737" },
      { key: rep(0xaa, 20), data: rep(0xdd, 50),
        sha256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        sha384: "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
        sha512: "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb" },
      { key: seq(1, 25), data: rep(0xcd, 50),
        sha256: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        sha384: "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
        sha512: "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd" },
      { key: big, data: "Test Using Larger Than Block-Size Key - Hash Key First",
        sha256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        sha384: "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
        sha512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598" },
      { key: big, data: "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        sha256: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        sha384: "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
        sha512: "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58" },
    ];
    const b = new Batch();
    for (const v of vectors) for (const name of HASHES) b.add(Op.hmac, algByte(name), v.key, v.data);
    b.add(Op.hmac, algByte("sha256"), rep(0x0c, 20), "Test With Truncation");
    const out = h.run(b).map(hex);
    vectors.forEach((v, i) => HASHES.forEach((name, j) => expect(out[i * 3 + j], `${name} vector ${i}`).toBe(v[name])));
    expect(out[out.length - 1].slice(0, 32)).toBe("a3b6167473100ee06e0c796c2955552b");
  });

  it("timingSafeEqual: equal, different, different lengths", () => {
    const b = new Batch();
    b.add(Op.timingSafeEqual, "", "");
    b.add(Op.timingSafeEqual, "abcdefghijk", "abcdefghijk");
    b.add(Op.timingSafeEqual, "abcdefghijk", "abcdefghijK");
    b.add(Op.timingSafeEqual, "Abcdefghijk", "abcdefghijk");
    b.add(Op.timingSafeEqual, "abc", "abcd");
    expect(h.run(b).map(flag)).toEqual([true, true, false, false, false]);
  });
});

// ---- encodings: a reference model of the strict rules, checked on valid and mutated inputs

const URL_RE = /^[A-Za-z0-9_-]*$/;
const STD_RE = /^[A-Za-z0-9+/]*$/;
function refB64url(s: string): string | null {
  if (!URL_RE.test(s) || s.length % 4 === 1) return null;
  const b = Buffer.from(s, "base64url");
  return b.toString("base64url") === s ? b.toString("hex") : null; // canonical trailing bits
}
function refB64(s: string, padded: boolean): string | null {
  if (padded) {
    if (s.length % 4 !== 0) return null;
    const body = s.replace(/={1,2}$/, "");
    if (!STD_RE.test(body)) return null;
    const b = Buffer.from(body, "base64");
    return b.toString("base64") === s ? b.toString("hex") : null;
  }
  if (!STD_RE.test(s) || s.length % 4 === 1) return null;
  const b = Buffer.from(s, "base64");
  return b.toString("base64").replace(/=+$/, "") === s ? b.toString("hex") : null;
}
function refHex(s: string): string | null {
  return /^([0-9a-fA-F]{2})*$/.test(s) ? s.toLowerCase() : null;
}

function mutate(s: string, r: ReturnType<typeof rng>): string {
  const junk = ["=", "+", "/", "-", "_", " ", "\n", ".", "é", "\u0000", "A", "g", "Q", "==", "~", "\u{1F600}"];
  const kind = r.int(4);
  const at = r.int(s.length + 1);
  if (kind === 0) return s.slice(0, at) + junk[r.int(junk.length)] + s.slice(at);
  if (kind === 1) return s.slice(0, at) + s.slice(at + 1);
  if (kind === 2) return s.slice(0, at) + junk[r.int(junk.length)] + s.slice(at + 1);
  // change the last character (non-canonical trailing bits)
  return s.slice(0, -1) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[r.int(62)];
}

describe("base64url, base64, hex", () => {
  it("encode like Buffer for lengths 0..200", () => {
    const r = rng(4);
    const inputs = Array.from({ length: 201 }, (_, n) => r.bytes(n));
    const b = new Batch();
    for (const d of inputs) { b.add(Op.b64urlEnc, d); b.add(Op.b64Enc, d); b.add(Op.hexEnc, d); }
    const out = h.run(b).map(text);
    inputs.forEach((d, i) => {
      expect(out[3 * i]).toBe(Buffer.from(d).toString("base64url"));
      expect(out[3 * i + 1]).toBe(Buffer.from(d).toString("base64"));
      expect(out[3 * i + 2]).toBe(Buffer.from(d).toString("hex"));
    });
  });

  it("strict decoders agree with the reference model on 6000 valid and mutated strings", () => {
    const r = rng(5);
    const strings: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const d = Buffer.from(r.bytes(r.int(40)));
      const forms = [d.toString("base64url"), d.toString("base64"), d.toString("hex")];
      const s = forms[r.int(3)];
      strings.push(s, mutate(s, r), mutate(mutate(s, r), r), d.toString("hex").toUpperCase());
    }
    strings.push("", "=", "==", "A", "AA", "AA=", "AA==", "AB==", "AAA=", "AAB=", "AAAA", "====", "A===", "AA=A", "Zg", "Zh", "Zm8", "Zm9", "0", "0g", "zz", "ff");
    const b = new Batch();
    for (const s of strings) { b.add(Op.b64urlDec, s); b.add(Op.b64Dec, s); b.add(Op.b64DecUnpadded, s); b.add(Op.hexDec, s); }
    const out = h.run(b);
    const got = (i: number) => { const m = maybe(out[i]); return m === null ? null : hex(m); };
    let checked = 0;
    strings.forEach((s, i) => {
      expect(got(4 * i), `base64url ${JSON.stringify(s)}`).toBe(refB64url(s));
      expect(got(4 * i + 1), `base64 ${JSON.stringify(s)}`).toBe(refB64(s, true));
      expect(got(4 * i + 2), `base64 unpadded ${JSON.stringify(s)}`).toBe(refB64(s, false));
      expect(got(4 * i + 3), `hex ${JSON.stringify(s)}`).toBe(refHex(s));
      checked += 4;
    });
    expect(checked).toBeGreaterThan(24000);
    // Spot checks of the rules themselves.
    expect(refB64url("Zh")).toBeNull(); // non-zero trailing bits
    expect(refB64url("Zg")).toBe("66");
    expect(refB64("Zg==", true)).toBe("66");
  });
});
