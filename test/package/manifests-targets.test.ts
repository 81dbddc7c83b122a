// Targets and CRD rules: what Istio's webhook and Envoy Gateway's CRD accept, and a target or option
// valid for only one tool never failing the other manifest.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { istioCommand } from "../../src/cli/istio.ts";
import { generateDeployment, ManifestError, type ManifestRequest } from "../../src/package/manifests/generate.ts";
import { validateWasmPlugin, wasmPlugin } from "../../src/package/manifests/istio.ts";

const tmp = mkdtempSync(join(tmpdir(), "envoy-as-targets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const SHA = "b".repeat(64);
const GW = "gateway.networking.k8s.io";
const req = (extra: Partial<ManifestRequest>): ManifestRequest => ({ filter: "hello-world", url: "https://example.com/f.wasm", sha256: SHA, ...extra });
const spec = (d: { doc: Record<string, unknown> } | undefined) => d!.doc.spec as Record<string, unknown>;

function problemsOf(r: ManifestRequest): string[] {
  try {
    generateDeployment(r);
  } catch (e) {
    if (e instanceof ManifestError) return e.problems;
    throw e;
  }
  throw new Error("expected a ManifestError");
}

describe("targetRefs", () => {
  it("Gateway/eg: group gateway.networking.k8s.io in both manifests (the WasmPlugin had group \"\")", () => {
    const { manifests, skipped } = generateDeployment(req({ targetRefs: [{ kind: "Gateway", name: "eg" }] }));
    expect(skipped).toEqual([]);
    expect(manifests.map((m) => m.kind)).toEqual(["WasmPlugin", "EnvoyExtensionPolicy"]);
    expect(spec(manifests[0]).targetRefs).toEqual([{ group: GW, kind: "Gateway", name: "eg" }]);
    expect(spec(manifests[1]).targetRefs).toEqual([{ group: GW, kind: "Gateway", name: "eg" }]);
  });

  it("Service/web (Istio waypoint): WasmPlugin with the core group, EnvoyExtensionPolicy skipped with the reason", () => {
    const { manifests, skipped } = generateDeployment(req({ targetRefs: [{ kind: "Service", name: "web" }] }));
    expect(manifests.map((m) => m.kind)).toEqual(["WasmPlugin"]);
    expect(spec(manifests[0]).targetRefs).toEqual([{ group: "", kind: "Service", name: "web" }]);
    expect(skipped).toEqual([{ kind: "EnvoyExtensionPolicy", reason: "no EnvoyExtensionPolicy: Envoy Gateway cannot attach one to Service/web (it accepts Gateway, HTTPRoute, GRPCRoute, TCPRoute, UDPRoute, TLSRoute)" }]);
  });

  it("HTTPRoute/backend: never a WasmPlugin target; only the EnvoyExtensionPolicy is made", () => {
    const { manifests, skipped } = generateDeployment(req({ targetRefs: [{ kind: "HTTPRoute", name: "backend" }] }));
    expect(manifests.map((m) => m.kind)).toEqual(["EnvoyExtensionPolicy"]);
    expect(spec(manifests[0]).targetRefs).toEqual([{ group: GW, kind: "HTTPRoute", name: "backend" }]);
    expect(skipped[0]!.kind).toBe("WasmPlugin");
    expect(skipped[0]!.reason).toMatch(/^no WasmPlugin: Istio cannot attach one to HTTPRoute\/backend \(it accepts Service, networking.istio.io\/ServiceEntry/);
  });

  it("a mix: each manifest gets the targets its tool accepts and notes the one it dropped", () => {
    const { manifests } = generateDeployment(req({ targetRefs: [{ kind: "Gateway", name: "eg" }, { kind: "HTTPRoute", name: "r" }, { kind: "ServiceEntry", name: "ext" }] }));
    const [wp, eep] = manifests;
    expect(spec(wp).targetRefs).toEqual([{ group: GW, kind: "Gateway", name: "eg" }, { group: "networking.istio.io", kind: "ServiceEntry", name: "ext" }]);
    expect(wp!.notes).toEqual([expect.stringMatching(/^--target-ref HTTPRoute\/r: dropped \(a WasmPlugin can target only /)]);
    expect(spec(eep).targetRefs).toEqual([{ group: GW, kind: "Gateway", name: "eg" }, { group: GW, kind: "HTTPRoute", name: "r" }]);
    expect(eep!.notes).toEqual([expect.stringMatching(/^--target-ref ServiceEntry\/ext: dropped \(an EnvoyExtensionPolicy can target only /)]);
  });

  it("a kind no tool accepts, or the wrong group, is refused naming the option", () => {
    expect(problemsOf(req({ targetRefs: [{ kind: "Deployment", name: "web" }] }))).toEqual([
      '--target-ref Deployment/web: unknown kind "Deployment" (Istio accepts Service, networking.istio.io/ServiceEntry, gateway.networking.k8s.io/Gateway, gateway.networking.k8s.io/GatewayClass; Envoy Gateway accepts Gateway, HTTPRoute, GRPCRoute, TCPRoute, UDPRoute, TLSRoute)',
    ]);
    expect(problemsOf(req({ targetRefs: [{ group: "networking.istio.io", kind: "Gateway", name: "gw" }] }))[0]).toMatch(/^--target-ref networking.istio.io\/Gateway\/gw: neither tool can attach a filter to networking.istio.io\/Gateway/);
  });

  it("the WasmPlugin validator refuses what Istio's webhook refuses: route kinds, a missing group, a namespace, more than 16", () => {
    const base = { filter: "f", url: "oci://r.io/f:1", config: {}, phase: "AUTHN", failStrategy: "FAIL_CLOSE" } as const;
    const doc = wasmPlugin(base);
    (doc.spec as Record<string, unknown>).targetRefs = [
      { group: "", kind: "Gateway", name: "eg" },
      { group: GW, kind: "HTTPRoute", name: "r" },
      { group: "", kind: "Service", name: "s", namespace: "other" },
    ];
    expect(validateWasmPlugin(doc)).toEqual([
      'spec.targetRefs[0]: ""/Gateway is not a target Istio accepts (use one of Service, networking.istio.io/ServiceEntry, gateway.networking.k8s.io/Gateway, gateway.networking.k8s.io/GatewayClass; routes cannot be targeted)',
      'spec.targetRefs[1]: "gateway.networking.k8s.io"/HTTPRoute is not a target Istio accepts (use one of Service, networking.istio.io/ServiceEntry, gateway.networking.k8s.io/Gateway, gateway.networking.k8s.io/GatewayClass; routes cannot be targeted)',
      "spec.targetRefs[2].namespace: must not be set (Istio does not support cross-namespace targets; put the WasmPlugin in the target's namespace)",
    ]);
    const many = wasmPlugin({ ...base, targetRefs: Array.from({ length: 17 }, (_, i) => ({ kind: "Service", name: `s${i}` })) });
    expect(validateWasmPlugin(many)).toEqual(["spec.targetRefs: 17 targets, Istio allows at most 16 (split them over several WasmPlugins)"]);
  });
});

describe("CRD list and length rules", () => {
  it("a repeated --match-port is refused (ports is a map keyed by number)", () => {
    expect(problemsOf(req({ match: [{ mode: "SERVER", ports: [8080, 9090, 8080] }] }))).toEqual([
      "spec.match[0].ports[2].number: port 8080 is already listed as ports[0] (give each --match-port once)",
    ]);
  });

  it("a repeated --env NAME is refused (Istio: duplicate env)", () => {
    expect(problemsOf(req({ env: [{ name: "MODE", value: "a" }, { name: "POD", fromHost: true }, { name: "MODE", fromHost: true }] }))).toEqual([
      'spec.vmConfig.env[2].name: "MODE" is already set by env[0] (Istio refuses a duplicate env; give each --env NAME once)',
    ]);
  });

  it("an env value over 2048 characters is refused; 2048 is accepted", () => {
    expect(problemsOf(req({ env: [{ name: "BIG", value: "x".repeat(2049) }] }))).toEqual([
      "spec.vmConfig.env[0].value: 2049 characters, Istio allows at most 2048 (put large data in the plugin configuration)",
    ]);
    expect(generateDeployment(req({ env: [{ name: "BIG", value: "x".repeat(2048) }] })).manifests).toHaveLength(2);
  });
});

describe("what the EnvoyExtensionPolicy cannot carry is said, in the result and in the file", () => {
  it("selector, phase, priority, match, inline env, FAIL_RELOAD", () => {
    const { manifests } = generateDeployment(req({
      selector: { app: "web" }, phase: "AUTHZ", priority: 5, failStrategy: "FAIL_RELOAD",
      match: [{ mode: "SERVER", ports: [8080] }], env: [{ name: "MODE", value: "x" }, { name: "POD", fromHost: true }],
    }));
    const eep = manifests[1]!;
    expect(eep.notes).toEqual([
      "--selector: dropped (Envoy Gateway attaches policies by targetRefs only; this one targets the default Gateway/eg, pass --target-ref to choose)",
      "--phase AUTHZ: dropped (Envoy Gateway places Wasm filters itself; there is no phase)",
      "--priority 5: dropped (Envoy Gateway has no Wasm priority)",
      "--match-mode/--match-port: dropped (an EnvoyExtensionPolicy applies to all traffic of its targets)",
      "--env MODE: dropped (Envoy Gateway passes only host variables, --env NAME without a value)",
      "--fail-strategy FAIL_RELOAD: written as failOpen: false (Envoy Gateway knows only fail open or closed)",
    ]);
    expect((spec(eep).wasm as Record<string, unknown>[])[0]!.env).toEqual({ hostKeys: ["POD"] });
    expect(manifests[0]!.notes).toEqual([]);
  });

  it("the CLI writes the WasmPlugin for --target-ref Service/web, exits 0 and says why there is no EnvoyExtensionPolicy", async () => {
    const errors: string[] = [];
    const logs: string[] = [];
    vi.spyOn(console, "error").mockImplementation((l: string) => void errors.push(l));
    vi.spyOn(console, "log").mockImplementation((l: string) => void logs.push(l));
    const out = join(tmp, "svc");
    const rc = await istioCommand(["hello-world", "--url", "https://example.com/f.wasm", "--sha256", SHA, "--target-ref", "Service/web", "--phase", "AUTHN", "--out", out]);
    expect(rc).toBe(0);
    expect(logs).toEqual([`sha256 ${SHA}  (--sha256)`, expect.stringMatching(/wrote .*svc\/wasmplugin\.yaml$/)]);
    expect(errors).toEqual([expect.stringMatching(/^\(no EnvoyExtensionPolicy: Envoy Gateway cannot attach one to Service\/web/)]);
    const wp = YAML.parse(readFileSync(join(out, "wasmplugin.yaml"), "utf8"), { version: "1.1" });
    expect(wp.spec.targetRefs).toEqual([{ group: "", kind: "Service", name: "web" }]);
  });

  it("the file carries the notes as comments", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    const out = join(tmp, "notes");
    expect(await istioCommand(["hello-world", "--url", "https://example.com/f.wasm", "--sha256", SHA, "--priority", "3", "--out", out])).toBe(0);
    const text = readFileSync(join(out, "envoyextensionpolicy.yaml"), "utf8");
    expect(text.split("\n").slice(0, 2)).toEqual(["# Generated by envoy-as istio hello-world", "# --priority 3: dropped (Envoy Gateway has no Wasm priority)"]);
  });
});
