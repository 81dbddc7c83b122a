// The packaged form, as a new user meets it: `npm pack` this checkout (and create-envoy-as), install
// both from the tarballs into an empty tool folder, create a project with the create command, then in
// that project only: npm install && npm test, npm start with a live request through Envoy and one hot
// reload on save, package + istio, a shipped filter by configuration alone, and clear one-line errors.
// Nothing here reaches into this repository's sources: the project sees only the tarball.
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, startCommand, type Started } from "../support/process.ts";
import { MODE } from "./support/target.ts";
import { startRegistry } from "../package/support/registry.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];

let work: string;
let project: string;
let envoyAs: string;
const running: Started[] = [];

/** `npm pack` of `dir` into `work`; the tarball's path. */
async function pack(dir: string): Promise<string> {
  const r = await runCommand("npm", ["pack", "--pack-destination", work, "--json", "--loglevel=error"], { cwd: dir });
  expect(r.code, r.output).toBe(0);
  const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as { filename: string }[];
  return join(work, filename);
}

function inProject(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCommand(join(project, "node_modules/.bin/envoy-as"), args, { cwd: project, env: { ...process.env, ...env } });
}

/** The listener URL a `start` prints. */
async function listener(p: Started): Promise<string> {
  return (await p.waitFor(/listener\s+(http:\/\/127\.0\.0\.1:\d+)/, 120_000))[1]!;
}

describe.runIf(MODE === "local")("the npm package, from an empty folder", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "envoy-as-packaged-"));
    envoyAs = await pack(ROOT);
    const create = await pack(join(ROOT, "packages/create-envoy-as"));
    const tool = join(work, "tool");
    cpSync(join(ROOT, "test/fixtures/packaged/tool-package.json"), join(tool, "package.json"));
    const install = await runCommand("npm", ["install", ...NPM_FLAGS, envoyAs, create], { cwd: tool });
    expect(install.code, install.output).toBe(0);
    project = join(work, "my-filters");
    // What `npm create envoy-as my-filters` runs, with the dependency pointed at this tarball.
    const made = await runCommand(join(tool, "node_modules/.bin/create-envoy-as"), ["my-filters", "--envoy-as", `file:${envoyAs}`], { cwd: work });
    expect(made.code, made.output).toBe(0);
    expect(made.stdout).toContain("assembly/filters/my-filter/index.ts");
  }, 300_000);

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop("SIGKILL")));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ships only what users need", async () => {
    const list = await runCommand("tar", ["-tzf", envoyAs], { cwd: work });
    const files = list.stdout.trim().split("\n");
    expect(files).toContain("package/dist/cli/index.js");
    expect(files).toContain("package/dist/emulator/index.d.ts");
    expect(files).toContain("package/dist/filters/auth/auth.wasm");
    expect(files).toContain("package/assembly/sdk/index.ts");
    expect(files.filter((f) => /^package\/(test|bench|src|envoy|containers|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("package/assembly/"))).toEqual([]);
  });

  it("npm install && npm test pass in the new project", async () => {
    const install = await runCommand("npm", ["install", ...NPM_FLAGS], { cwd: project });
    expect(install.code, install.output).toBe(0);
    expect(existsSync(join(project, "node_modules/envoy-as/src"))).toBe(false);
    const test = await runCommand("npm", ["test"], { cwd: project, env: { ...process.env, CI: "1", NO_COLOR: "1" } });
    expect(test.code, test.output).toBe(0);
    expect(test.output).toMatch(/my-filter\s+build\/my-filter\.wasm/);
    expect(test.output).toMatch(/compiling my-filter \(release \+ debug\) on 2 threads/); // the packaged toolchain builds in parallel
    expect(test.output).toMatch(/Tests\s+3 passed/);
  }, 300_000);

  it("npm start serves the filter through Envoy and hot-reloads it on save", async () => {
    const start = startCommand("npm", ["start", "--", "--port", "0", "--admin-port", "0", "--upstream-port", "0", "--concurrency", "1"], { cwd: project });
    running.push(start);
    const url = await listener(start);
    let res = await fetch(`${url}/first`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-my-filter")).toBe("hello");

    const index = join(project, "assembly/filters/my-filter/index.ts");
    const mark = start.output().length;
    writeFileSync(index, readFileSync(index, "utf8").replace("response.headers.set(root.header, root.value);", 'response.headers.set(root.header, root.value);\n    response.headers.set("x-edited", "yes");'));
    await start.waitFor(/\[hot-reload\] my-filter: code → serving/, 120_000, mark);
    res = await fetch(`${url}/second`);
    expect(res.headers.get("x-edited")).toBe("yes");

    const reload = await inProject(["reload", "my-filter", "--force"]);
    expect(reload.code, reload.output).toBe(0);
    expect(reload.stdout).toMatch(/^\[hot-reload\] my-filter: /m); // the running start answered

    const stopped = await start.stop("SIGINT");
    expect(stopped.output).toContain("envoy-as: stopped");
    expect(existsSync(join(project, "build/dev"))).toBe(false);
  }, 240_000);

  it("package, istio and push work on the project's filter", async () => {
    const pkg = await inProject(["package", "my-filter"]);
    expect(pkg.code, pkg.output).toBe(0);
    expect(existsSync(join(project, "build/oci/my-filter/index.json"))).toBe(true);
    const istio = await inProject(["istio", "my-filter", "--url", "oci://registry.example.com/filters/my-filter:0.1.0"]);
    expect(istio.code, istio.output).toBe(0);
    const plugin = YAML.parse(readFileSync(join(project, "build/deploy/my-filter/wasmplugin.yaml"), "utf8"));
    expect(plugin).toMatchObject({ kind: "WasmPlugin", spec: { url: "oci://registry.example.com/filters/my-filter:0.1.0" } });
    expect(plugin.spec.pluginConfig).toEqual({ header: "x-my-filter", value: "hello" });

    // push, to a real OCI registry on loopback, from a sub-folder of the project.
    const registry = await startRegistry();
    try {
      const push = await runCommand(join(project, "node_modules/.bin/envoy-as"), ["push", "my-filter", `${registry.host}/filters/my-filter:0.1.0`], { cwd: join(project, "assembly") });
      expect(push.code, push.output).toBe(0);
      const digest = /^digest (sha256:[0-9a-f]{64})$/m.exec(push.stdout)?.[1];
      expect(digest).toBeDefined();
      const manifest = await fetch(`http://${registry.host}/v2/filters/my-filter/manifests/0.1.0`, { headers: { accept: "application/vnd.oci.image.manifest.v1+json" } });
      expect(manifest.status).toBe(200);
      expect(manifest.headers.get("docker-content-digest")).toBe(digest);
    } finally {
      await registry.stop();
    }
  }, 120_000);

  it("serve publishes the built modules over HTTP with their sha256", async () => {
    const serve = startCommand(join(project, "node_modules/.bin/envoy-as"), ["serve", "--port", "0"], { cwd: project });
    running.push(serve);
    const base = (await serve.waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+)/, 60_000))[1]!;
    const served = new Uint8Array(await (await fetch(`${base}/my-filter.wasm`)).arrayBuffer());
    expect(Buffer.from(served).equals(readFileSync(join(project, "build/my-filter.wasm")))).toBe(true);
    await serve.stop("SIGINT");
  }, 60_000);

  it("serves a shipped filter by configuration alone, without compiling AssemblyScript", async () => {
    const config = join(project, "auth.json");
    cpSync(join(project, "node_modules/envoy-as/dist/filters/auth/config.json"), config);
    const valid = await inProject(["validate", "auth", config]);
    expect(valid.code, valid.output).toBe(0);
    expect(valid.stdout).toContain("onConfigure: accepted");

    const start = startCommand(join(project, "node_modules/.bin/envoy-as"), ["start", "--filter", "auth", "--config", config, "--port", "0", "--admin-port", "0", "--upstream-port", "0", "--concurrency", "1"], { cwd: project });
    running.push(start);
    const url = await listener(start);
    expect((await fetch(`${url}/api/orders`)).status).toBe(401);
    expect((await fetch(`${url}/api/orders`, { headers: { "x-api-key": "acme-demo-key-0001" } })).status).toBe(200);
    await start.stop("SIGINT");
    expect(start.output()).not.toMatch(/auth\s+build\/auth\.wasm/); // nothing was compiled
    expect(existsSync(join(project, "build/auth.wasm"))).toBe(false);
  }, 180_000);

  it("bad input gets one line naming the file or name and the fix, never a stack trace", async () => {
    const noStack = (s: string) => expect(s).not.toMatch(/^\s+at /m);

    const unknown = await inProject(["start", "--filter", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no filter "nope": known filters are my-filter, auth (shipped)');
    noStack(unknown.stderr);

    const flag = await inProject(["build", "--frob"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split("\n")[0]).toBe("envoy-as build: unknown option --frob");

    const index = join(project, "assembly/filters/my-filter/index.ts");
    const source = readFileSync(index, "utf8");
    writeFileSync(index, `import { Regex } from "envoy-as/lib/regexp";\n${source}`);
    const badImport = await inProject(["build"]);
    writeFileSync(index, source);
    expect(badImport.code).toBe(1);
    expect(badImport.stderr).toContain('"envoy-as/lib/regexp" is not part of the envoy-as package');
    noStack(badImport.stderr);

    renameSync(join(project, "asconfig.json"), join(project, "asconfig.json.off"));
    const noConfig = await inProject(["build"]);
    renameSync(join(project, "asconfig.json.off"), join(project, "asconfig.json"));
    expect(noConfig.code).toBe(1);
    expect(noConfig.stderr.trim()).toMatch(/^envoy-as build: .*\/asconfig\.json is missing: .*Create it with/);
    noStack(noConfig.stderr);

    const help = await inProject(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("usage: envoy-as <command>");
  }, 180_000);
});
