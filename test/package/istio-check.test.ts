// Istio's own code judges every WasmPlugin we generate: the Go checker reads each file the way it
// reaches istiod through kubectl (sigs.k8s.io/yaml, YAML 1.1) and runs Istio's ValidateWasmPlugin.
// No Go, no checker: this file fails (it never skips), so CI cannot go green without the judge.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDeployment, writeManifests, type ManifestRequest } from "../../src/package/manifests/generate.ts";
import { validateWasmPlugin, wasmPlugin } from "../../src/package/manifests/istio.ts";
import { kubeYaml } from "../../src/package/manifests/yaml.ts";
import { ensureIstioCheckBinary, istioCheck, type IstioCheckResult } from "../../src/testing/istio-check.ts";

const tmp = mkdtempSync(join(tmpdir(), "envoy-as-istio-check-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await ensureIstioCheckBinary((l) => console.log(l));
}, 20 * 60_000);
const SHA = "c".repeat(64);

const FILTERS = readdirSync("assembly/filters");
const TRICKY = ["y", "n", "yes", "NO", "on", "Off", "1_000", "0x1f", "012", "~", "null", "1e3", "2026-01-01", ":", "- x", "#", " leading", "<<", "=", "multi\nline"];

/** Request variants: every URL scheme, every kind of Istio target, selector, match, env. */
function requests(filter: string): [string, ManifestRequest][] {
  const base = { filter, sha256: SHA };
  return [
    ["oci, Gateway/eg", { ...base, url: "oci://ghcr.io/acme/f:1.0.0", targetRefs: [{ kind: "Gateway", name: "eg" }], pullSecret: "regcred", pullPolicy: "Always" }],
    ["https, Service + ServiceEntry + GatewayClass", { ...base, url: "https://example.com/f.wasm", targetRefs: [{ kind: "Service", name: "web" }, { kind: "ServiceEntry", name: "ext" }, { kind: "GatewayClass", name: "istio" }] }],
    ["http, selector, match, env", {
      ...base, url: "http://wasm.example.com/f.wasm", namespace: "no", selector: { app: "on", version: "1_000" }, priority: 10,
      match: [{ mode: "SERVER", ports: [8080, 9090] }], env: [{ name: "MODE", value: "yes" }, { name: "POD_NAME", fromHost: true }, { name: "BIG", value: "x".repeat(2048) }],
    }],
    ["file, FAIL_RELOAD, NETWORK", { ...base, url: "file:///opt/filters/f.wasm", failStrategy: "FAIL_RELOAD", type: "NETWORK" }],
  ];
}

/** Writes the manifests of a request; returns the files with what each must read back as. */
function write(name: string, req: ManifestRequest): { file: string; kind: string; doc: Record<string, unknown> }[] {
  const d = generateDeployment(req);
  const files = writeManifests(req.filter, d.manifests, join(tmp, name));
  return d.manifests.map((m, i) => ({ file: files[i]!, kind: m.kind, doc: m.doc }));
}

function expectAccepted(r: IstioCheckResult, doc: Record<string, unknown>): void {
  expect(r.errors, r.file).toEqual([]);
  expect(r.warnings, r.file).toEqual([]);
  expect(r.json, r.file).toEqual(doc);
  expect(r.pluginConfig, r.file).toEqual((doc.spec as { pluginConfig: unknown }).pluginConfig);
}

describe("Istio's ValidateWasmPlugin, after kubectl's YAML 1.1 reading, accepts every generated WasmPlugin", () => {
  for (const filter of FILTERS) {
    it(`${filter}: shipped config.json, every URL scheme and target kind; pluginConfig arrives as the source JSON`, async () => {
      const source = JSON.parse(readFileSync(join("assembly/filters", filter, "config.json"), "utf8"));
      const written = requests(filter).flatMap(([name, req]) => write(`${filter}-${name.replace(/\W+/g, "-")}`, req));
      const plugins = written.filter((w) => w.kind === "WasmPlugin");
      expect(plugins).toHaveLength(4);
      const results = await istioCheck(written.map((w) => w.file));
      results.forEach((r, i) => {
        const w = written[i]!;
        if (w.kind === "WasmPlugin") {
          expectAccepted(r, w.doc);
          expect(r.pluginConfig).toEqual(source);
        } else {
          // the EnvoyExtensionPolicy goes through the same kubectl reading
          expect(r.json, r.file).toEqual(w.doc);
          expect((r.json.spec as { wasm: { config: unknown }[] }).wasm[0]!.config).toEqual(source);
        }
      });
    });
  }

  it("tricky strings as keys and values of the plugin configuration", async () => {
    const config = { values: TRICKY, keys: Object.fromEntries(TRICKY.map((s, i) => [s, i])), nested: [{ y: "n", on: ["off", "~"] }], numbers: [1e21, -0.5, 2 ** 53] };
    const doc = wasmPlugin({ filter: "hello-world", url: "oci://ghcr.io/acme/f:1", sha256: SHA, config, phase: "AUTHN", failStrategy: "FAIL_CLOSE", targetRefs: [{ kind: "Gateway", name: "eg" }] });
    expect(validateWasmPlugin(doc)).toEqual([]);
    const file = join(tmp, "tricky.yaml");
    writeFileSync(file, kubeYaml(doc));
    const [r] = await istioCheck([file]);
    expectAccepted(r!, doc);
  });
});

describe("the judge can fail: what Istio refuses, it reports", () => {
  it("group \"\" Gateway, an HTTPRoute target, a duplicate env, and YAML 1.1 booleans from plain y/on", async () => {
    const file = join(tmp, "bad.yaml");
    writeFileSync(file, [
      "apiVersion: extensions.istio.io/v1alpha1",
      "kind: WasmPlugin",
      "metadata: {name: bad}",
      "spec:",
      "  url: oci://ghcr.io/acme/f:1",
      "  targetRefs: [{group: '', kind: Gateway, name: eg}, {group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}]",
      "  vmConfig: {env: [{name: A, value: x}, {name: A, value: z}]}",
      "  pluginConfig: {keys: [{y: abc, n: 1_000}]}",
      "",
    ].join("\n"));
    const [r] = await istioCheck([file]);
    expect(r!.errors).toHaveLength(1);
    expect(r!.errors[0]).toContain("targetRef must be to one of [core/v1/Service networking.istio.io/v1/ServiceEntry gateway.networking.k8s.io/v1/Gateway gateway.networking.k8s.io/v1/GatewayClass] but was /Gateway");
    expect(r!.errors[0]).toContain("but was gateway.networking.k8s.io/HTTPRoute");
    expect(r!.errors[0]).toContain("duplicate env");
    expect(r!.pluginConfig).toEqual({ keys: [{ true: "abc", false: 1000 }] });
  });

  it("a plain `value: yes` in vmConfig.env is a boolean to kubectl: the WasmPlugin does not even decode", async () => {
    const file = join(tmp, "bad-env.yaml");
    writeFileSync(file, "apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: bad}\nspec:\n  url: oci://ghcr.io/acme/f:1\n  vmConfig: {env: [{name: X, value: yes}]}\n");
    const [r] = await istioCheck([file]);
    expect(r!.errors).toEqual(["spec: json: cannot unmarshal bool into Go value of type string"]);
  });
});
