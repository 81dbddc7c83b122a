// Push to a REAL registry (Debian's docker-registry, distribution v2.8), pull back, compare digests,
// and let podman — an independent OCI client — pull the compat image.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Image } from "../../src/package/image.ts";
import { packageFilter, type PackageResult } from "../../src/package/package.ts";
import { pullImage, pushImage, pushLayout } from "../../src/package/push.ts";
import { RegistryError } from "../../src/package/registry/errors.ts";
import { startRegistry, type TestRegistry } from "./support/registry.ts";
import { startTokenProxy, type TokenProxy } from "./support/token-proxy.ts";

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "envoy-as-push-"));
let pkg: PackageResult;
const USER = { username: "ci", password: "s3cret-pw" };

beforeAll(() => {
  pkg = packageFilter("hello-world", { outDir: join(out, "hello-world"), version: "0.1.0" });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function expectRoundTrip(host: string, image: Image, tag: string, creds?: typeof USER) {
  const lines: string[] = [];
  const pushed = await pushImage(image, `${host}/envoy-as/hello-world:${tag}`, { credentials: creds, progress: (l) => lines.push(l) });
  expect(pushed.digest).toBe(image.manifest.digest);
  expect(lines).toHaveLength(image.blobs.size + 1); // a progress line per blob + the manifest
  expect(lines.at(-1)).toContain(`manifest → ${host}/envoy-as/hello-world:${tag}`);
  const pulled = await pullImage(`${host}/envoy-as/hello-world:${tag}`, creds);
  expect(pulled.manifestDigest).toBe(image.manifest.digest);
  expect(pulled.manifestBytes.equals(image.manifestBytes)).toBe(true);
  expect([...pulled.blobs.keys()].sort()).toEqual([...image.blobs.keys()].sort());
  for (const [d, data] of pulled.blobs) expect(data.equals(image.blobs.get(d)!)).toBe(true);
  // by digest too
  const byDigest = await pullImage(`${host}/envoy-as/hello-world@${image.manifest.digest}`, creds);
  expect(byDigest.manifestDigest).toBe(image.manifest.digest);
  return lines;
}

describe("registry without auth", () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry();
  });
  afterAll(async () => reg?.stop());

  it("pushes and pulls back both variants with identical digests; a second push skips existing blobs", async () => {
    for (const img of pkg.images) await expectRoundTrip(reg.host, img, img.variant);
    const again = await pushLayout(pkg.dir, `${reg.host}/envoy-as/hello-world:again`, { variant: "compat" });
    expect(again).toMatchObject({ uploaded: 0, skipped: 2, digest: pkg.images[0]!.manifest.digest });
  });

  it("podman pulls the compat image and sees its single plugin.wasm layer", async () => {
    const ref = `${reg.host}/envoy-as/hello-world:podman`;
    await pushLayout(pkg.dir, ref, { variant: "compat" });
    const compat = pkg.images[0]!;
    const manifest = JSON.parse(compat.manifestBytes.toString());
    try {
      await run("podman", ["pull", "--quiet", "--tls-verify=false", ref], { timeout: 120_000 });
      const { stdout } = await run("podman", ["image", "inspect", ref]);
      const [info] = JSON.parse(stdout);
      expect(info.Digest).toBe(compat.manifest.digest);
      expect(info.RootFS.Layers).toHaveLength(1);
      expect(info.Architecture).toBe("wasm");
      expect(info.Annotations?.["module.wasm.image/variant"] ?? info.Labels?.["io.envoy-as.filter"]).toBeTruthy();
      // podman recomputed the diff_id from the decompressed layer: it matches what the config declares.
      const config = JSON.parse(compat.blobs.get(manifest.config.digest)!.toString());
      expect(info.RootFS.Layers).toEqual(config.rootfs.diff_ids);
    } finally {
      await run("podman", ["rmi", "--force", ref]).catch(() => {});
    }
  });

  it("explains a manifest the registry rejects (blobs never uploaded to a new repository)", async () => {
    const compat = pkg.images[0]!;
    const broken: Image = { ...compat, blobs: new Map() };
    const err = await pushImage(broken, `${reg.host}/envoy-as/never-created:v1`).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.status).toBe(400);
    expect(err.codes).toContain("MANIFEST_BLOB_UNKNOWN");
    expect(err.message).toMatch(/registry 127\.0\.0\.1:\d+ rejected the manifest for envoy-as\/never-created/);
    expect(err.message).toContain('"code": "MANIFEST_BLOB_UNKNOWN"'); // the registry's JSON, shown
  });

  it("reports a missing repository/tag as 404 naming it", async () => {
    const err = await pullImage(`${reg.host}/envoy-as/does-not-exist:v1`).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/no such image in envoy-as\/does-not-exist \(MANIFEST_UNKNOWN.*\(404\) while trying to get manifest envoy-as\/does-not-exist:v1/);
  });
});

describe("registry with htpasswd basic auth", () => {
  let reg: TestRegistry;
  beforeAll(async () => {
    reg = await startRegistry(USER);
  });
  afterAll(async () => reg?.stop());

  it("pushes and pulls with the right credentials", async () => {
    for (const img of pkg.images) await expectRoundTrip(reg.host, img, `auth-${img.variant}`, USER);
  });

  it("without credentials: a 401 naming the registry and how to pass credentials", async () => {
    const err = await pushLayout(pkg.dir, `${reg.host}/envoy-as/hello-world:anon`).catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.message).toContain(`registry ${reg.host} requires authentication (401 Unauthorized)`);
    expect(err.message).toMatch(/--username <user>.*--password-stdin.*ENVOY_AS_REGISTRY_PASSWORD/);
  });

  it("with a wrong password: a 401 saying the credentials were rejected", async () => {
    const err = await pushLayout(pkg.dir, `${reg.host}/envoy-as/hello-world:bad`, { credentials: { ...USER, password: "wrong" } }).catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.message).toContain(`registry ${reg.host} rejected the credentials (401 Unauthorized)`);
  });
});

describe("registry behind a bearer token service", () => {
  let reg: TestRegistry;
  let proxy: TokenProxy;
  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await startTokenProxy(reg.host, USER);
  });
  afterAll(async () => {
    await proxy?.close();
    await reg?.stop();
  });

  it("gets a push-scoped token with basic credentials, then pushes and pulls", async () => {
    await expectRoundTrip(proxy.host, pkg.images[1]!, "bearer", USER);
    expect(proxy.scopes[0]).toBe("repository:envoy-as/hello-world:pull,push");
  });

  it("wrong credentials at the token service → 401 message", async () => {
    const err = await pushLayout(pkg.dir, `${proxy.host}/envoy-as/hello-world:nope`, { credentials: { ...USER, password: "x" } }).catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.message).toContain(`registry ${proxy.host} rejected the credentials`);
    expect(err.message).toContain("token service");
  });
});
