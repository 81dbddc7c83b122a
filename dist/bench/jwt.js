// RS256 key, JWKS and tokens made at bench time with node:crypto (nothing secret is stored):
// one token repeated for every request, and a set of distinct tokens cycled through so that
// no verification cache can help.
import { createSign, generateKeyPairSync } from "node:crypto";
const b64url = (data) => Buffer.from(data).toString("base64url");
function sign(privateKey, kid, claims) {
    const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
    const body = b64url(JSON.stringify(claims));
    const signer = createSign("RSA-SHA256");
    signer.update(`${head}.${body}`);
    return `${head}.${body}.${signer.sign(privateKey).toString("base64url")}`;
}
export function makeJwtMaterial(uniqueCount) {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const kid = "envoy-as-bench";
    const issuer = "https://bench.envoy-as.invalid";
    const audience = "envoy-as-bench";
    const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
    const now = Math.floor(Date.now() / 1000);
    const claims = (i) => ({ iss: issuer, aud: audience, sub: `user-${i}`, jti: `bench-${i}-${now}`, iat: now, exp: now + 24 * 3600 });
    const unique = [];
    for (let i = 0; i < uniqueCount; i++)
        unique.push(sign(privateKey, kid, claims(i + 1)));
    return { issuer, audience, kid, jwks: JSON.stringify({ keys: [jwk] }), token: sign(privateKey, kid, claims(0)), unique };
}
