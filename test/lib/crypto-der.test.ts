// The one DER reader of lib/crypto (der.ts), used by SPKI/PKCS#1 key import and by ECDSA DER
// signatures: strict minimal lengths, long-form lengths of at most 2 bytes, no read past the
// enclosing value. Checked directly (ops 70/71), through ecdsaDerToRaw (op 72) against signatures
// made by node:crypto, and through importSpki (op 52) on malformed keys; nothing may trap.
import { generateKeyPairSync, sign, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Batch, Harness, Op, flag, hex, maybe, rng } from "./crypto-harness.ts";

let h: Harness;
beforeAll(async () => { h = await Harness.load(); });

const bytes = (...parts: (number | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "number" ? Buffer.from([p]) : Buffer.from(p))));
const fill = (n: number, v = 0x41) => new Uint8Array(n).fill(v);

/** One TLV read at offset 0: null, or where its value starts, its length and whether it ends the input. */
function readTlv(out: Uint8Array): { start: number; len: number; done: boolean } | null {
  const r = maybe(out);
  if (r === null) return null;
  const v = new DataView(r.buffer, r.byteOffset, r.byteLength);
  return { start: v.getUint32(0, true), len: v.getUint32(4, true), done: r[8] === 1 };
}

describe("der.ts: one TLV", () => {
  it("reads minimal short and long forms, and refuses truncated, overlong, indefinite, non-minimal and mistagged input", () => {
    const cases: [string, Uint8Array, number, { start: number; len: number; done: boolean } | null][] = [
      ["short form", bytes(0x04, 3, [1, 2, 3]), 0x04, { start: 2, len: 3, done: true }],
      ["short form, zero length", bytes(0x05, 0), 0x05, { start: 2, len: 0, done: true }],
      ["long form 0x81 (128)", bytes(0x04, 0x81, 0x80, fill(128)), 0x04, { start: 3, len: 128, done: true }],
      ["long form 0x82 (256)", bytes(0x04, 0x82, [0x01, 0x00], fill(256)), 0x04, { start: 4, len: 256, done: true }],
      ["trailing bytes after the value", bytes(0x04, 1, [9, 9]), 0x04, { start: 2, len: 1, done: false }],
      ["wrong tag", bytes(0x30, 3, [1, 2, 3]), 0x04, null],
      ["empty input", bytes(), 0x04, null],
      ["tag only", bytes(0x04), 0x04, null],
      ["truncated value", bytes(0x04, 5, [1, 2]), 0x04, null],
      ["length past the end (long form)", bytes(0x04, 0x82, [0x01, 0x00], fill(10)), 0x04, null],
      ["length 0xffff past the end", bytes(0x04, 0x82, [0xff, 0xff], fill(3)), 0x04, null],
      ["truncated length bytes", bytes(0x04, 0x82, [0x01]), 0x04, null],
      ["long-form length of 3 bytes", bytes(0x04, 0x83, [0x00, 0x01, 0x00], fill(256)), 0x04, null],
      ["long-form length of 4 bytes, 0xffffffff", bytes(0x04, 0x84, [0xff, 0xff, 0xff, 0xff], fill(8)), 0x04, null],
      ["long-form length of 5 bytes", bytes(0x04, 0x85, [0, 0, 0, 0, 1], [7]), 0x04, null],
      ["indefinite length", bytes(0x04, 0x80, [1, 0, 0]), 0x04, null],
      ["non-minimal 0x81 for 5", bytes(0x04, 0x81, 5, fill(5)), 0x04, null],
      ["non-minimal 0x82 for 128", bytes(0x04, 0x82, [0x00, 0x80], fill(128)), 0x04, null],
    ];
    const b = new Batch();
    for (const [, data, tag] of cases) b.add(Op.derRead, data, new Uint8Array([tag]));
    const out = h.run(b);
    cases.forEach(([what, , , want], i) => expect(readTlv(out[i]!), what).toEqual(want));
  });

  it("reads unsigned INTEGERs in minimal form only", () => {
    const cases: [string, Uint8Array, string | null][] = [
      ["zero", bytes(0x02, 1, [0x00]), ""],
      ["0x7f", bytes(0x02, 1, [0x7f]), "7f"],
      ["0x80 with its sign byte", bytes(0x02, 2, [0x00, 0x80]), "80"],
      ["multi-byte", bytes(0x02, 3, [0x01, 0x02, 0x03]), "010203"],
      ["negative", bytes(0x02, 1, [0x80]), null],
      ["needless leading zero", bytes(0x02, 2, [0x00, 0x7f]), null],
      ["empty INTEGER", bytes(0x02, 0), null],
      ["BIT STRING, not INTEGER", bytes(0x03, 1, [0x00]), null],
      ["truncated", bytes(0x02, 3, [0x01, 0x02]), null],
    ];
    const b = new Batch();
    for (const [, data] of cases) b.add(Op.derUint, data);
    const out = h.run(b);
    cases.forEach(([what, , want], i) => {
      const r = maybe(out[i]!);
      expect(r === null ? null : hex(r), what).toBe(want);
    });
  });
});

describe("der.ts through ecdsaDerToRaw and importSpki", () => {
  it("turns node:crypto's DER ECDSA signatures into r || s that node verifies, and refuses malformed ones", () => {
    const cases: { what: string; der: Uint8Array; size: number; valid: boolean }[] = [];
    const checks: { size: number; msg: Buffer; key: ReturnType<typeof generateKeyPairSync>["publicKey"]; hash: string }[] = [];
    for (const [curve, size, hash] of [["P-256", 32, "sha256"], ["P-384", 48, "sha384"]] as const) {
      const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
      for (let i = 0; i < 8; i++) {
        const msg = Buffer.from(`message ${curve} ${i}`);
        const der = sign(hash, msg, { key: privateKey, dsaEncoding: "der" });
        cases.push({ what: `${curve} #${i}`, der, size, valid: true });
        checks[cases.length - 1] = { size, msg, key: publicKey, hash };
        if (i > 0) continue;
        const body = der.subarray(2); // node's P-256/P-384 signatures use the short form
        expect(der[1]).toBe(body.length);
        for (let cut = 0; cut < der.length; cut++) cases.push({ what: `${curve} truncated to ${cut}`, der: der.subarray(0, cut), size, valid: false });
        cases.push(
          { what: `${curve} SEQUENCE length past the end`, der: bytes(0x30, body.length + 1, body), size, valid: false },
          { what: `${curve} SEQUENCE length short of the end`, der: bytes(0x30, body.length - 1, body), size, valid: false },
          { what: `${curve} long-form length of 5 bytes`, der: bytes(0x30, 0x85, [0, 0, 0, 0, body.length], body), size, valid: false },
          { what: `${curve} non-minimal long form`, der: bytes(0x30, 0x81, body.length, body), size, valid: false },
          { what: `${curve} SET instead of SEQUENCE`, der: bytes(0x31, body.length, body), size, valid: false },
          { what: `${curve} BIT STRING instead of INTEGER r`, der: bytes(0x30, body.length, 0x03, body.subarray(1)), size, valid: false },
          { what: `${curve} trailing byte`, der: bytes(der, 0), size, valid: false },
          { what: `${curve} r wider than the curve`, der: bytes(0x30, size + 6, 0x02, size + 1, 0x01, fill(size), 0x02, 1, 1), size, valid: false },
          { what: `${curve} only r`, der: bytes(0x30, 3, 0x02, 1, 1), size, valid: false },
        );
      }
    }
    const b = new Batch();
    for (const c of cases) b.add(Op.ecdsaDer, c.der, c.size);
    const out = h.run(b);
    cases.forEach((c, i) => {
      const raw = maybe(out[i]!);
      expect(raw !== null, c.what).toBe(c.valid);
      const check = checks[i];
      if (raw && check) {
        expect(raw.length, c.what).toBe(2 * check.size);
        expect(verify(check.hash, check.msg, { key: check.key, dsaEncoding: "ieee-p1363" }, raw), `${c.what}: node verifies r || s`).toBe(true);
      }
    });
  });

  it("refuses SPKI keys that are truncated, overrun their parent or use a 5-byte length, and survives random corruption", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "der", type: "spki" });
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "der", type: "spki" });
    expect([rsa[0], rsa[1]]).toEqual([0x30, 0x82]); // 2-byte long form: the RSA key exercises it
    const inputs: [string, Uint8Array, boolean][] = [["RSA", rsa, true], ["EC", ec, true]];
    for (let cut = 1; cut < rsa.length; cut += 7) inputs.push([`RSA truncated to ${cut}`, rsa.subarray(0, cut), false]);
    for (let cut = 1; cut < ec.length; cut++) inputs.push([`EC truncated to ${cut}`, ec.subarray(0, cut), false]);
    const rsaBody = rsa.subarray(4);
    inputs.push(
      ["RSA outer length past the end", bytes(0x30, 0x82, [(rsaBody.length + 1) >> 8, (rsaBody.length + 1) & 0xff], rsaBody), false],
      ["RSA outer length of 5 bytes", bytes(0x30, 0x85, [0, 0, 0, rsaBody.length >> 8, rsaBody.length & 0xff], rsaBody), false],
      ["EC AlgorithmIdentifier past the SPKI", bytes(ec.subarray(0, 3), 0x7f, ec.subarray(4)), false],
      ["EC with a SET outside", bytes(0x31, ec.subarray(1)), false],
    );
    const r = rng(19);
    for (let i = 0; i < 300; i++) {
      const x = Buffer.from(r.int(2) ? rsa : ec);
      for (let k = 1 + r.int(3); k > 0; k--) x[r.int(x.length)] = r.int(256);
      inputs.push([`random corruption #${i}`, x, true]); // may still import; it must not trap
    }
    const b = new Batch();
    for (const [, x] of inputs) b.add(Op.spki, x);
    const out = h.run(b);
    expect(out.length).toBe(inputs.length);
    inputs.forEach(([what, , ok], i) => {
      if (what.startsWith("random")) expect([0, 1], what).toContain(out[i]![0]);
      else expect(flag(out[i]!.subarray(0, 1)), what).toBe(ok);
    });
  });
});
