// Node side of test/fixtures/filters/crypto-harness: encodes batches of commands, runs them in
// build/test/crypto-harness.wasm under the emulator (one request per batch) and decodes the
// results. Shared by test/lib/crypto*.test.ts and bench/crypto.ts.
import { Host } from "../../src/emulator/index.ts";
import type { Plugin } from "../../src/emulator/index.ts";

export const WASM = "build/test/crypto-harness.wasm";

export const Op = {
  hash: 1, hashStream: 2, hmac: 3, hmacVerify: 4, b64urlDec: 5, b64Dec: 6, b64DecUnpadded: 7,
  b64urlEnc: 8, b64Enc: 9, hexEnc: 10, hexDec: 11, timingSafeEqual: 12,
  rsaKey: 20, rsaPkcs1: 21, rsaPss: 22,
  ecKey: 30, ecKeySec1: 31, ecVerify: 32, ecVerifyDer: 33, ecVerifyDigest: 34,
  edKey: 40, edVerify: 41,
  jwk: 50, jws: 51, spki: 52, jwsToken: 53,
  mont: 60,
  derRead: 70, derUint: 71, ecdsaDer: 72,
  repeat: 255,
} as const;

export const Alg = { sha256: 0, sha384: 1, sha512: 2 } as const;
export type HashName = keyof typeof Alg;
export const Crv = { "P-256": 0, "P-384": 1 } as const;

export type Field = Uint8Array | string | number;

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}

function bytesOf(f: Field): Uint8Array {
  if (typeof f === "number") return u32le(f);
  if (typeof f === "string") return new TextEncoder().encode(f);
  return f;
}

/** A batch of harness commands; run() executes them all in one request. */
export class Batch {
  private parts: Uint8Array[] = [];
  private size = 0;
  count = 0;

  add(op: number, ...fields: Field[]): number {
    this.push(new Uint8Array([op, fields.length]));
    for (const f of fields) {
      const b = bytesOf(f);
      this.push(u32le(b.length));
      this.push(b);
    }
    return this.count++;
  }

  /** `op` run `times` times in the module; one result. */
  repeat(times: number, op: number, ...fields: Field[]): number {
    this.push(new Uint8Array([Op.repeat, 1]));
    this.push(u32le(4));
    this.push(u32le(times));
    return this.add(op, ...fields); // counts once: the repeat yields one result
  }

  private push(b: Uint8Array) {
    this.parts.push(b);
    this.size += b.length;
  }

  body(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}

export class Harness {
  private constructor(private plugin: Plugin) {}

  static async load(): Promise<Harness> {
    const host = new Host();
    const vm = await host.loadVm(WASM);
    return new Harness(vm.createPlugin({ rootId: "crypto-harness" }));
  }

  /** Runs the batch; one Uint8Array result per command. */
  run(batch: Batch): Uint8Array[] {
    const stream = this.plugin.newHttpStream();
    stream.sendRequestHeaders({ ":method": "POST", ":path": "/", ":authority": "h" });
    stream.sendRequestBody(batch.body(), { endOfStream: true });
    const reply = stream.localResponse;
    if (!reply) throw new Error("no local reply from crypto-harness");
    if (reply.status !== 200) throw new Error(`crypto-harness answered ${reply.status}: ${reply.bodyText}`);
    const body = reply.body;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const out: Uint8Array[] = [];
    let pos = 0;
    while (pos < body.length) {
      const len = view.getUint32(pos, true);
      pos += 4;
      out.push(body.subarray(pos, pos + len));
      pos += len;
    }
    if (process.env.CRYPTO_HARNESS_COUNT) console.log(`crypto-harness: ${batch.count} operations`);
    if (out.length !== batch.count) throw new Error(`expected ${batch.count} results, got ${out.length}`);
    return out;
  }
}

/** A flag result ([0] or [1]) as a boolean. */
export const flag = (r: Uint8Array): boolean => r.length === 1 && r[0] === 1;
/** A maybe result: null for [0], else the bytes after the leading 1. */
export const maybe = (r: Uint8Array): Uint8Array | null => (r[0] === 1 ? r.subarray(1) : null);
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const text = (b: Uint8Array): string => Buffer.from(b).toString("utf8");

/** Deterministic PRNG (xorshift32) for reproducible random cases. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  return {
    int: (n: number) => next() % n,
    bytes: (n: number) => {
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}
