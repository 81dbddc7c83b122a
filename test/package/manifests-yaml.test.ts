// Generated manifests mean the same to every YAML reader. kubectl reads YAML 1.1
// (sigs.k8s.io/yaml): unquoted y/yes/on/… are booleans there, 1_000 and 0x1f numbers. Each file is
// read back with the `yaml` package in 1.1 mode and compared with the object it was made from.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { envoyExtensionPolicy } from "../../src/package/manifests/envoy-gateway.ts";
import { generateManifests, writeManifests } from "../../src/package/manifests/generate.ts";
import { wasmPlugin } from "../../src/package/manifests/istio.ts";
import { kubeYaml } from "../../src/package/manifests/yaml.ts";

const tmp = mkdtempSync(join(tmpdir(), "envoy-as-yaml11-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SHA = "a".repeat(64);

/** A written manifest file as kubectl sees it: YAML 1.1. */
function read11(path: string): Record<string, unknown> {
  return YAML.parse(readFileSync(path, "utf8"), { version: "1.1" }) as Record<string, unknown>;
}

/** Strings every YAML 1.1 reader would turn into something else when written plain. */
const TRICKY = [
  "y", "Y", "n", "N", "yes", "Yes", "NO", "no", "on", "On", "Off", "OFF", "true", "False", "null", "Null", "~", "",
  "1_000", "0x1f", "012", "0o17", "0b101", "1e3", "-1.5", ".inf", "-.Inf", ".NaN", "1:20", "190:20:30",
  "2026-01-01", "2026-01-01T10:00:00Z", ":", ": x", "a: b", "- x", "-", "? x", "#", "a #b", "!tag", "&a", "*a", "|", ">", "%",
  "@", "`", "{}", "[]", "{a: 1}", "'", "\"", "<<", "=", " leading", "trailing ", "\ttab", "multi\nline", "crlf\r\n", "\u0000nul", "é ü 🙂",
];

describe("manifests read back identically as YAML 1.1 (kubectl)", () => {
  for (const filter of readdirSync("assembly/filters")) {
    it(`shipped ${filter} config.json: pluginConfig and EnvoyExtensionPolicy config equal the source JSON`, () => {
      const source = JSON.parse(readFileSync(join("assembly/filters", filter, "config.json"), "utf8"));
      const out = join(tmp, filter);
      const [wpFile, eepFile] = writeManifests(filter, generateManifests({ filter, url: "https://example.com/f.wasm", sha256: SHA }), out);
      const wp = read11(wpFile!);
      const eep = read11(eepFile!);
      expect((wp.spec as { pluginConfig: unknown }).pluginConfig).toEqual(source);
      expect((eep.spec as { wasm: { config: unknown }[] }).wasm[0]!.config).toEqual(source);
    });
  }

  it("the shipped auth config keeps its EC key member `y` (it arrived as \"true\" before)", () => {
    const [wp] = generateManifests({ filter: "auth", url: "https://example.com/f.wasm", sha256: SHA });
    const parsed = YAML.parse(wp!.yaml, { version: "1.1" }) as { spec: { pluginConfig: unknown } };
    expect(JSON.stringify(parsed.spec.pluginConfig)).toContain('"y":"mqGDk9OFBpE9Ntea1bY4--9B6j2wOEapQObtIsk3Clw"');
    expect(JSON.stringify(parsed.spec.pluginConfig)).not.toContain('"true":');
  });

  it("option values: --selector app=on, --env X=yes, --namespace no, --name, --pull-secret", () => {
    const [wp] = generateManifests({
      filter: "hello-world", url: "https://example.com/f.wasm", sha256: SHA,
      namespace: "no", name: "yes", pullSecret: "on", selector: { app: "on", y: "1_000" }, env: [{ name: "X", value: "yes" }, { name: "Y", value: "0x1f" }],
    });
    const parsed = YAML.parse(wp!.yaml, { version: "1.1" });
    expect(parsed).toEqual(wp!.doc);
    expect(parsed.metadata).toEqual({ name: "yes", namespace: "no" });
    expect(parsed.spec.selector).toEqual({ matchLabels: { app: "on", y: "1_000" } });
    expect(parsed.spec.vmConfig).toEqual({ env: [{ name: "X", value: "yes" }, { name: "Y", value: "0x1f" }] });
    expect(parsed.spec.imagePullSecret).toBe("on");
  });

  it(`${TRICKY.length} tricky strings as keys and values, in both manifests, read back unchanged`, () => {
    const config: Record<string, unknown> = {
      values: TRICKY,
      keys: Object.fromEntries(TRICKY.map((s, i) => [s, i])),
      nested: TRICKY.map((s) => ({ [s]: s })),
      numbers: [0, -1, 1.5, 1e21, 2 ** 53, -0.001],
      literals: [true, false, null],
    };
    const opts = { filter: "hello-world", url: "oci://ghcr.io/acme/f:1", sha256: SHA, config, phase: "AUTHN", failStrategy: "FAIL_CLOSE" } as const;
    for (const doc of [wasmPlugin(opts), envoyExtensionPolicy(opts)]) {
      const file = join(tmp, `${doc.kind as string}.yaml`);
      writeFileSync(file, kubeYaml(doc));
      expect(read11(file)).toEqual(doc);
      // and the same for a YAML 1.2 reader
      expect(YAML.parse(readFileSync(file, "utf8"))).toEqual(doc);
    }
  });
});
