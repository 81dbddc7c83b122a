// Image references and auth challenges (no network).
import { describe, expect, it } from "vitest";
import { basicAuth, parseChallenge } from "../../src/package/registry/auth.ts";
import { formatImageRef, parseImageRef } from "../../src/package/registry/reference.ts";

describe("parseImageRef", () => {
  it("uses http only for loopback registries", () => {
    expect(parseImageRef("127.0.0.1:5000/hello-world:0.1.0")).toMatchObject({ registry: "127.0.0.1:5000", repository: "hello-world", reference: "0.1.0", scheme: "http", apiBase: "http://127.0.0.1:5000/v2" });
    expect(parseImageRef("localhost:5000/a/b").scheme).toBe("http");
    expect(parseImageRef("[::1]:5000/a:1").scheme).toBe("http");
    expect(parseImageRef("oci://ghcr.io/acme/hello-world:v1")).toMatchObject({ scheme: "https", repository: "acme/hello-world", reference: "v1" });
    expect(parseImageRef("registry.local:5000/x:1").scheme).toBe("https");
  });

  it("parses digests and defaults the tag to latest", () => {
    const d = "sha256:" + "a".repeat(64);
    expect(parseImageRef(`ghcr.io/a/b@${d}`).reference).toBe(d);
    expect(parseImageRef("ghcr.io/a/b").reference).toBe("latest");
    expect(formatImageRef(parseImageRef(`ghcr.io/a/b@${d}`))).toBe(`ghcr.io/a/b@${d}`);
  });

  it("rejects bad references with the reason", () => {
    expect(() => parseImageRef("hello-world:1")).toThrow(/no registry host/);
    expect(() => parseImageRef("ghcr.io/Acme/x:1")).toThrow(/repository "Acme\/x" is invalid/);
    expect(() => parseImageRef("ghcr.io/a/x:-bad")).toThrow(/tag "-bad" is invalid/);
    expect(() => parseImageRef("ghcr.io/a/x@sha256:zz")).toThrow(/is not sha256/);
  });
});

describe("auth", () => {
  it("parses a Bearer challenge with quoted params", () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.example.com/token", service: "registry.example.com", scope: "repository:a/b:pull" },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: "basic", params: { realm: "Registry Realm" } });
  });

  it("encodes basic credentials", () => {
    expect(basicAuth({ username: "u", password: "p:w" })).toBe(`Basic ${Buffer.from("u:p:w").toString("base64")}`);
  });
});
