// Micro benchmark of assembly/lib/crypto in the emulator (the same .wasm Envoy runs, under
// Node's V8) against node:crypto (OpenSSL). Prints ops/s and the ratio node/wasm.
//   npx tsx src/cli/index.ts build && npx tsx bench/crypto.ts [seconds-per-measurement] [case-filter]
// Each number is the best of three interleaved measurements.
import { constants, createHash, createHmac, generateKeyPairSync, sign, timingSafeEqual, verify } from "node:crypto";
import { Alg, Batch, Harness, Op } from "../test/lib/crypto-harness.ts";

const target = Number(process.argv[2] ?? 1); // seconds per measurement
const h = await Harness.load();

/** ops/s of the wasm op (repeated inside one callback), scaled to about `target` seconds. */
function wasmRate(setup: (b: Batch) => void, op: number, ...fields: (Uint8Array | string | number)[]): number {
  let n = 4;
  for (;;) {
    const b = new Batch();
    setup(b);
    b.repeat(n, op, ...fields);
    const t0 = performance.now();
    const out = h.run(b);
    const secs = (performance.now() - t0) / 1000;
    const last = out[out.length - 1];
    if (!(last.length === 1 && last[0] === 1) && last.length < 20) throw new Error(`wasm op ${op} failed`);
    if (secs > target / 4 || n > 1e7) return n / secs;
    n = Math.ceil(n * Math.min(16, (target / 2) / Math.max(secs, 1e-4)));
  }
}

function nodeRate(fn: () => unknown): number {
  let n = 4;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const secs = (performance.now() - t0) / 1000;
    if (secs > target / 4) return n / secs;
    n = Math.ceil(n * Math.min(16, (target / 2) / Math.max(secs, 1e-4)));
  }
}

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString("base64url");
const input = Buffer.from(`${b64u('{"alg":"X","typ":"JWT","kid":"key-1"}')}.${b64u(JSON.stringify({ iss: "https://issuer.example.com", sub: "user-12345", aud: "api", iat: 1700000000, exp: 1700003600, scope: "read write" }))}`);
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsa4k = generateKeyPairSync("rsa", { modulusLength: 4096 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ec384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
const ed = generateKeyPairSync("ed25519");
const secret = Buffer.alloc(32, 7);
const kib = Buffer.alloc(1024, 0x61);
const jwkOf = (k: { publicKey: import("node:crypto").KeyObject }) => JSON.stringify(k.publicKey.export({ format: "jwk" }));

const rs256 = sign("sha256", input, rsa.privateKey);
const rs256_4k = sign("sha256", input, rsa4k.privateKey);
const ps256 = sign("sha256", input, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
const es256 = sign("sha256", input, { key: ec.privateKey, dsaEncoding: "ieee-p1363" });
const es384 = sign("sha384", input, { key: ec384.privateKey, dsaEncoding: "ieee-p1363" });
const eddsa = sign(null, input, ed.privateKey);
const hs256 = createHmac("sha256", secret).update(input).digest();

type Case = { name: string; wasm: () => number; node: () => number };
const cases: Case[] = [
  { name: "RS256 verify (2048)", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(rsa)), Op.jws, "RS256", input, rs256),
    node: () => nodeRate(() => verify("sha256", input, rsa.publicKey, rs256)) },
  { name: "RS256 verify (4096)", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(rsa4k)), Op.jws, "RS256", input, rs256_4k),
    node: () => nodeRate(() => verify("sha256", input, rsa4k.publicKey, rs256_4k)) },
  { name: "PS256 verify (2048)", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(rsa)), Op.jws, "PS256", input, ps256),
    node: () => nodeRate(() => verify("sha256", input, { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, ps256)) },
  { name: "ES256 verify", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(ec)), Op.jws, "ES256", input, es256),
    node: () => nodeRate(() => verify("sha256", input, { key: ec.publicKey, dsaEncoding: "ieee-p1363" }, es256)) },
  { name: "ES384 verify", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(ec384)), Op.jws, "ES384", input, es384),
    node: () => nodeRate(() => verify("sha384", input, { key: ec384.publicKey, dsaEncoding: "ieee-p1363" }, es384)) },
  { name: "EdDSA verify", wasm: () => wasmRate((b) => b.add(Op.jwk, jwkOf(ed)), Op.jws, "EdDSA", input, eddsa),
    node: () => nodeRate(() => verify(null, input, ed.publicKey, eddsa)) },
  { name: "HS256 verify (JWT-sized)", wasm: () => wasmRate((b) => b.add(Op.jwk, JSON.stringify({ kty: "oct", k: b64u(secret) })), Op.jws, "HS256", input, hs256),
    node: () => nodeRate(() => timingSafeEqual(createHmac("sha256", secret).update(input).digest(), hs256)) },
  { name: "SHA-256 1 KiB", wasm: () => wasmRate(() => {}, Op.hash, new Uint8Array([Alg.sha256]), kib),
    node: () => nodeRate(() => createHash("sha256").update(kib).digest()) },
];

const only = process.argv[3];
console.log(`crypto bench: ${target}s per measurement, signing input ${input.length} bytes`);
console.log("case".padEnd(26) + "wasm ops/s".padStart(12) + "node ops/s".padStart(12) + "node/wasm".padStart(11));
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  // Best of three, interleaved: the machine may be shared, and V8 tiers wasm up in the background.
  let w = 0, n = 0;
  for (let i = 0; i < 3; i++) { w = Math.max(w, c.wasm()); n = Math.max(n, c.node()); }
  console.log(c.name.padEnd(26) + Math.round(w).toLocaleString("en").padStart(12) + Math.round(n).toLocaleString("en").padStart(12) + (n / w).toFixed(1).padStart(10) + "x");
}
