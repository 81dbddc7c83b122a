// npm start's demo wiring: clusters the sample configurations call out to, and the demo IdP keys.
import { describe, expect, it } from "vitest";
import { referencedClusters, tryLines } from "../../src/cli/start.ts";
import { startEcho } from "../../src/upstream/echo.ts";

describe("npm start demo", () => {
  it("finds every cluster a filter configuration calls out to", () => {
    const auth = { providers: [{ jwt: { remote_jwks: { cluster: "idp", path: "/certs" } } }, { ext_authz: { cluster: "authz" } }] };
    const rateLimit = { global: { cluster: "ratelimit" }, rules: [] };
    expect(referencedClusters([auth, rateLimit, undefined, "raw string", { cluster: "upstream" }])).toEqual(["authz", "idp", "ratelimit"]);
  });

  it("suggests requests that match the filters being served", () => {
    expect(tryLines(["hello-world"], "http://h")).toEqual(["try:  curl -i http://h/hello"]);
    const all = tryLines(["auth", "header-rewrite", "hello-world", "rate-limit"], "http://h").join("\n");
    expect(all).toContain("x-api-key: acme-demo-key-0001");
    expect(all).toContain("/v1/items");
  });

  it("serves a public JWKS where an IdP would, and echoes everything else", async () => {
    const echo = await startEcho();
    try {
      const jwks = await (await fetch(`${echo.url}/realms/main/protocol/openid-connect/certs`)).json();
      expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", kid: "demo-idp" });
      expect(jwks.keys[0].d).toBeUndefined();
      const seen = await (await fetch(`${echo.url}/certs-not/x`)).json();
      expect(seen.path).toBe("/certs-not/x");
    } finally {
      await echo.close();
    }
  });
});
