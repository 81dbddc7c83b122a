// The Montgomery arithmetic under RSA and the curves (assembly/lib/crypto/mont.ts) against
// BigInt: multiplication, squaring and exponentiation for random odd moduli of 1..4096 bits,
// including operands 0, 1, n - 1 and moduli with all-ones or sparse limbs.
import { beforeAll, describe, expect, it } from "vitest";
import { Batch, Harness, Op, hex, maybe, rng } from "./crypto-harness.ts";

let h: Harness;
beforeAll(async () => { h = await Harness.load(); });

const big = (b: Uint8Array) => (b.length ? BigInt("0x" + Buffer.from(b).toString("hex")) : 0n);
const bytes = (x: bigint, len: number) => Buffer.from(x.toString(16).padStart(len * 2, "0"), "hex");
function powmod(b: bigint, e: bigint, m: bigint) { let r = 1n % m; b %= m; while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n; } return r; }

describe("Montgomery arithmetic against BigInt", () => {
  it("a·b, a², a^b mod n for random and structured odd moduli", () => {
    const r = rng(41);
    const cases: { n: bigint; a: bigint; b: bigint; len: number }[] = [];
    const sizes = [1, 2, 3, 4, 5, 7, 8, 12, 31, 32, 33, 48, 64, 65, 128, 256, 257, 384, 512];
    for (const len of sizes) {
      for (let i = 0; i < 6; i++) {
        let n: bigint;
        if (i === 0) n = (1n << BigInt(8 * len)) - 1n; // all ones
        else if (i === 1) n = (1n << BigInt(8 * len - 1)) + 1n; // sparse
        else n = big(r.bytes(len)) | 1n | (1n << BigInt(8 * len - 1));
        if (n <= 1n) n = 3n;
        const pick = (k: number) => [0n, 1n, n - 1n, n >> 1n][k] ?? (big(r.bytes(len)) % n);
        cases.push({ n, a: pick(i % 7 === 3 ? 2 : r.int(8)), b: pick(r.int(8)), len });
      }
    }
    const b = new Batch();
    for (const c of cases) b.add(Op.mont, bytes(c.n, c.len), bytes(c.a, c.len), bytes(c.b, c.len));
    const out = h.run(b);
    const bad: string[] = [];
    cases.forEach((c, i) => {
      const res = maybe(out[i]);
      const k = Math.ceil(c.n.toString(16).length / 2);
      const want = hex(bytes((c.a * c.b) % c.n, k)) + hex(bytes((c.a * c.a) % c.n, k)) + hex(bytes(powmod(c.a, c.b, c.n), k));
      if (!res || hex(res) !== want) bad.push(`n=${c.n.toString(16)} a=${c.a.toString(16)} b=${c.b.toString(16)}: got ${res && hex(res)}`);
    });
    expect(bad.slice(0, 3)).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });
});
