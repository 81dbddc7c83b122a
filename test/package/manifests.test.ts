// WasmPlugin / EnvoyExtensionPolicy generation and validation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { sha256Hex } from "../../src/package/digest.ts";
import { filterDefaults } from "../../src/package/manifests/defaults.ts";
import { envoyExtensionPolicy, validateEnvoyExtensionPolicy } from "../../src/package/manifests/envoy-gateway.ts";
import { generateManifests, ManifestError, writeManifests } from "../../src/package/manifests/generate.ts";
import { validateWasmPlugin, wasmPlugin } from "../../src/package/manifests/istio.ts";
import type { DeployOptions } from "../../src/package/manifests/options.ts";
import { packageFilter } from "../../src/package/package.ts";

const tmp = mkdtempSync(join(tmpdir(), "envoy-as-manifests-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const moduleSha = sha256Hex(readFileSync("build/hello-world.wasm"));

const base: DeployOptions = {
  filter: "hello-world",
  url: "https://example.com/hello-world.wasm",
  sha256: moduleSha,
  config: { header: "x-hello", value: "world" },
  phase: "UNSPECIFIED_PHASE",
  failStrategy: "FAIL_CLOSE",
};

describe("generateManifests", () => {
  it("https URL: module sha256, config from config.json, both manifests valid and parseable YAML", () => {
    const [wp, eep] = generateManifests({ filter: "hello-world", url: "https://example.com/hello-world.wasm", pullPolicy: "Always" });
    expect(YAML.parse(wp!.yaml)).toEqual({
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "WasmPlugin",
      metadata: { name: "hello-world" },
      spec: {
        url: "https://example.com/hello-world.wasm",
        sha256: moduleSha,
        imagePullPolicy: "Always",
        pluginName: "hello-world",
        pluginConfig: { header: "x-hello", value: "world" },
        phase: "UNSPECIFIED_PHASE",
        failStrategy: "FAIL_CLOSE",
        type: "HTTP",
      },
    });
    const eg = YAML.parse(eep!.yaml);
    expect(eg.spec.wasm[0]).toEqual({
      name: "hello-world",
      rootID: "hello-world",
      code: { type: "HTTP", http: { url: "https://example.com/hello-world.wasm", sha256: moduleSha }, pullPolicy: "Always" },
      config: { header: "x-hello", value: "world" },
      failOpen: false,
    });
    expect(eg.spec.targetRefs).toEqual([{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "eg" }]);
  });

  it("oci URL: sha256 is the packaged image's MANIFEST digest (what Istio/EG compare), per variant", () => {
    // Packaged into the test's temp dir, not the project's build/oci/.
    const pkg = packageFilter("hello-world", { outDir: join(tmp, "oci", "hello-world") });
    for (const img of pkg.images) {
      const [wp, eep] = generateManifests({ filter: "hello-world", url: "oci://ghcr.io/acme/hello-world:0.1.0", variant: img.variant, layout: pkg.dir });
      expect((wp!.doc.spec as { sha256: string }).sha256).toBe(img.manifest.digest.slice(7));
      const code = (eep!.doc.spec as { wasm: { code: { type: string; image: { url: string; sha256: string } } }[] }).wasm[0]!.code;
      expect(code.type).toBe("Image");
      expect(code.image).toEqual({ url: "ghcr.io/acme/hello-world:0.1.0", sha256: img.manifest.digest.slice(7) });
    }
  });

  it("file:// URL: only the WasmPlugin (Envoy Gateway cannot load local files)", () => {
    const out = generateManifests({ filter: "hello-world", url: "file:///opt/filters/hello-world.wasm" });
    expect(out.map((m) => m.kind)).toEqual(["WasmPlugin"]);
  });

  it("validates the plugin configuration with the filter's schema.json first, naming file and field", () => {
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, JSON.stringify({ header: "bad header", extra: 1 }));
    const err = (() => {
      try {
        generateManifests({ filter: "hello-world", url: "https://example.com/x.wasm", configFile: bad });
      } catch (e) {
        return e as ManifestError;
      }
    })();
    expect(err).toBeInstanceOf(ManifestError);
    expect(err!.message).toContain("does not match assembly/filters/hello-world/schema.json");
    expect(err!.problems.some((p) => p.includes("bad.json: extra: unknown field"))).toBe(true);
    expect(err!.problems.some((p) => p.includes("bad.json: header:"))).toBe(true);
  });

  it("writes YAML files under the given directory", () => {
    const paths = writeManifests("hello-world", generateManifests({ filter: "hello-world", url: "https://example.com/x.wasm" }), tmp);
    expect(paths.map((p) => p.slice(tmp.length + 1))).toEqual(["wasmplugin.yaml", "envoyextensionpolicy.yaml"]);
    expect(YAML.parse(readFileSync(paths[0]!, "utf8")).kind).toBe("WasmPlugin");
  });
});

describe("WasmPlugin validation", () => {
  it("accepts a full plugin: selector, match, env, priority, FAIL_OPEN", () => {
    const doc = wasmPlugin({ ...base, selector: { app: "web" }, match: [{ mode: "SERVER", ports: [8080] }], env: [{ name: "POD", fromHost: true }, { name: "MODE", value: "x" }], priority: 10, failStrategy: "FAIL_OPEN" });
    expect(validateWasmPlugin(doc)).toEqual([]);
    expect(doc.spec).toMatchObject({ match: [{ mode: "SERVER", ports: [{ number: 8080 }] }], vmConfig: { env: [{ name: "POD", valueFrom: "HOST" }, { name: "MODE", value: "x" }] } });
  });

  it("names every bad field", () => {
    const doc = wasmPlugin({ ...base, name: "Hello_World", url: "ftp://x/y", sha256: "sha256:abc", phase: "LATE" as never, failStrategy: "FAIL_CLOSED" as never, match: [{ mode: "BOTH" as never, ports: [70000] }], type: "GRPC" as never });
    (doc.spec as Record<string, unknown>).imagePullPolicy = "Never";
    (doc.spec as Record<string, unknown>).pluginconfig = {};
    const problems = validateWasmPlugin(doc);
    for (const field of ["metadata.name", "spec.url", "spec.sha256", "spec.phase", "spec.failStrategy", "spec.match[0].mode", "spec.match[0].ports[0].number", "spec.type", "spec.imagePullPolicy", "spec.pluginconfig: unknown field"]) {
      expect(problems.some((p) => p.startsWith(field)), field).toBe(true);
    }
  });

  it("refuses selector together with targetRefs", () => {
    const doc = wasmPlugin({ ...base, selector: { app: "web" }, targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }] });
    expect(validateWasmPlugin(doc)).toEqual(["spec.targetRefs: cannot be combined with spec.selector (Istio allows only one of them)"]);
  });
});

describe("EnvoyExtensionPolicy validation", () => {
  it("names bad fields", () => {
    const doc = envoyExtensionPolicy({ ...base, url: "oci://ghcr.io/a/b:1", sha256: "XYZ", targetRefs: [{ kind: "Service", name: "web" }] });
    const problems = validateEnvoyExtensionPolicy(doc);
    expect(problems).toContain('spec.targetRefs[0].kind: "Service" is not one of Gateway, HTTPRoute, GRPCRoute, TCPRoute, UDPRoute, TLSRoute');
    expect(problems.some((p) => p.startsWith("spec.wasm[0].code.image.sha256"))).toBe(true);
  });
});

describe("filter defaults", () => {
  it("auth → AUTHN/FAIL_CLOSE, rate-limit → AUTHZ/FAIL_OPEN, others → UNSPECIFIED_PHASE/FAIL_CLOSE", () => {
    expect(filterDefaults("jwt-auth")).toEqual({ phase: "AUTHN", failStrategy: "FAIL_CLOSE" });
    expect(filterDefaults("auth")).toEqual({ phase: "AUTHN", failStrategy: "FAIL_CLOSE" });
    expect(filterDefaults("rate-limit")).toEqual({ phase: "AUTHZ", failStrategy: "FAIL_OPEN" });
    expect(filterDefaults("header-rewrite")).toEqual({ phase: "UNSPECIFIED_PHASE", failStrategy: "FAIL_CLOSE" });
  });
});
