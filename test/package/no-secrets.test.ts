// Images are published: no credential from the environment or git config, no local path, may be
// written into any blob. The git remote is the usual leak: with no `repository` in package.json it
// became org.opencontainers.image.source, userinfo and all.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { projectMetadata } from "../../src/package/filter.ts";
import { packageFilter } from "../../src/package/package.ts";
import { publicSourceUrl } from "../../src/package/source-url.ts";

const tmp = mkdtempSync(join(tmpdir(), "envoy-as-secrets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const savedEnv = { ...process.env };
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

/** A project with hello-world built, a git checkout whose config holds credentials, no repository in package.json. */
function project(name: string, remote: string): string {
  const root = join(tmp, name);
  mkdirSync(join(root, "build"), { recursive: true });
  cpSync("assembly/filters/hello-world", join(root, "assembly/filters/hello-world"), { recursive: true });
  cpSync("build/hello-world.wasm", join(root, "build/hello-world.wasm"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "acme-filters", version: "1.0.0" }));
  const git = (...args: string[]) => execFileSync("git", ["-C", root, ...args], { encoding: "utf8" });
  git("init", "-q");
  git("remote", "add", "origin", remote);
  git("config", "credential.helper", "store --file=/tmp/gitcred-Zq9Lr7xT");
  git("config", "http.extraHeader", "Authorization: Bearer ghp_HeaderTok3n4Lr7xTq9Zq9");
  return root;
}

/** Every blob of a layout as text, gzip layers unpacked. */
function blobTexts(dir: string): string[] {
  const blobs = join(dir, "blobs", "sha256");
  return readdirSync(blobs).map((hex) => {
    const b = readFileSync(join(blobs, hex));
    return (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b).toString("latin1");
  });
}

describe("publicSourceUrl", () => {
  it.each([
    ["https://user:ghp_Tok3n@github.com/acme/filters.git", "https://github.com/acme/filters.git"],
    ["https://oauth2:glpat-x@gitlab.example.com/acme/f?private_token=t#frag", "https://gitlab.example.com/acme/f"],
    ["git+https://tok@github.com/acme/f.git", "https://github.com/acme/f.git"],
    ["ssh://git@github.com/acme/f.git", "ssh://github.com/acme/f.git"],
    ["git://github.com/acme/f.git", "git://github.com/acme/f.git"],
    ["git@github.com:acme/f.git", undefined],
    ["/home/me/src/filters", undefined],
    ["../filters.git", undefined],
    ["file:///home/me/src/filters", undefined],
    ["C:\\src\\filters", undefined],
    ["github:acme/filters", undefined],
    ["", undefined],
  ])("%s → %s", (raw, expected) => {
    expect(publicSourceUrl(raw)).toBe(expected);
  });
});

describe("no secret in any blob of the layout", () => {
  it("git remote with user:token, credential helper, auth header and registry credentials in the environment", () => {
    const root = project("https-token", "https://alice:ghp_RemoteTok3nQ9Zq9Lr7x@github.com/acme/filters.git");
    process.env.ENVOY_AS_REGISTRY_USERNAME = "registry-user-Lr7xTq9";
    process.env.ENVOY_AS_REGISTRY_PASSWORD = "registry-pass-Zq9Lr7xT";
    process.env.GITHUB_TOKEN = "ghp_EnvTok3nZq9Lr7xTq9";
    const r = packageFilter("hello-world", { root });
    const texts = blobTexts(r.dir);
    expect(texts.length).toBeGreaterThanOrEqual(5);
    const secrets = ["alice", "ghp_RemoteTok3nQ9Zq9Lr7x", "gitcred-Zq9Lr7xT", "ghp_HeaderTok3n4Lr7xTq9Zq9", "registry-user-Lr7xTq9", "registry-pass-Zq9Lr7xT", "ghp_EnvTok3nZq9Lr7xTq9", root];
    for (const s of secrets) expect(texts.filter((t) => t.includes(s)), s).toEqual([]);
    // the public part of the remote is kept
    expect(texts.filter((t) => t.includes('"org.opencontainers.image.source":"https://github.com/acme/filters.git"')).length).toBe(3);
  });

  it.each([
    ["scp-like ssh remote", "git@github.com:acme/filters.git"],
    ["local path remote", "/srv/git/filters-Lr7xTq9.git"],
  ])("%s: no source annotation at all", (name, remote) => {
    const root = project(name.replace(/\W+/g, "-"), remote);
    expect(projectMetadata(root).source).toBeUndefined();
    const r = packageFilter("hello-world", { root });
    for (const t of blobTexts(r.dir)) {
      expect(t).not.toContain("org.opencontainers.image.source");
      expect(t).not.toContain(remote);
    }
  });

  it("an explicit --source with credentials or a local path is refused, naming the option", () => {
    const root = project("explicit", "git@github.com:acme/filters.git");
    expect(() => packageFilter("hello-world", { root, source: "https://bob:s3cret@github.com/acme/f" })).toThrow("--source: the URL carries credentials (user:token@); give it without them, it is published in the image");
    expect(() => packageFilter("hello-world", { root, source: "/home/me/f" })).toThrow('--source "/home/me/f": not a network URL');
  });
});
