export interface JwtMaterial {
    issuer: string;
    audience: string;
    kid: string;
    /** JWKS JSON text with the public key. */
    jwks: string;
    /** One token, sent on every request of the "repeated" runs. */
    token: string;
    /** Distinct tokens (different `jti`/`sub`), cycled by the "unique" runs. */
    unique: string[];
}
export declare function makeJwtMaterial(uniqueCount: number): JwtMaterial;
