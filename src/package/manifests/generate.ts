// `istio`: the deployment manifests of one filter, validated before anything is written.
//   build/deploy/<name>/wasmplugin.yaml             Istio WasmPlugin
//   build/deploy/<name>/envoyextensionpolicy.yaml   Envoy Gateway EnvoyExtensionPolicy (not for file:// URLs)
// A target or option only one tool understands goes to that one (plan.ts); the other manifest notes
// what it dropped, or is skipped with the reason, and never fails the whole command.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { validateConfig } from "../../config/validate.ts";
import { sha256Hex } from "../digest.ts";
import { builtFilter } from "../filter.ts";
import { readLayoutIndex } from "../layout.ts";
import type { Variant } from "../media-types.ts";
import { assertPackageCurrent } from "../freshness.ts";
import { layoutDir } from "../package.ts";
import { envoyExtensionPolicy, validateEnvoyExtensionPolicy } from "./envoy-gateway.ts";
import { filterDefaults } from "./defaults.ts";
import { validateWasmPlugin, wasmPlugin } from "./istio.ts";
import type { DeployOptions } from "./options.ts";
import { planManifests } from "./plan.ts";
import { kubeYaml } from "./yaml.ts";

export type ManifestRequest = Omit<DeployOptions, "config" | "phase" | "failStrategy"> &
  Partial<Pick<DeployOptions, "phase" | "failStrategy">> & {
    /** Configuration file; default the filter's config.json (else {}). */
    configFile?: string;
    /** For oci:// URLs without --sha256: which packaged variant's manifest digest to pin. Default compat. */
    variant?: Variant;
    /** For oci:// URLs without --sha256: the OCI layout to read that digest from. Default build/oci/<filter>. */
    layout?: string;
    root?: string;
  };

export interface GeneratedManifest {
  kind: "WasmPlugin" | "EnvoyExtensionPolicy";
  doc: Record<string, unknown>;
  yaml: string;
  /** Options this manifest cannot carry ("--phase AUTHN: dropped (why)"); also written as comments. */
  notes: string[];
}

/** The manifests of a request, and the ones not written with the reason. */
export interface Deployment {
  manifests: GeneratedManifest[];
  skipped: { kind: GeneratedManifest["kind"]; reason: string }[];
  /** The sha256 both manifests pin, and where it came from ("--sha256", "module build/x.wasm", …). */
  sha256: string;
  sha256From: string;
}

export class ManifestError extends Error {
  constructor(readonly problems: string[], what: string) {
    super(`${what}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ManifestError";
  }
}

/** The filter's configuration, validated against its schema.json (errors name the file and field). */
export function loadValidatedConfig(filter: string, configFile: string | undefined, root: string): unknown {
  const f = builtFilter(filter, root);
  const file = configFile ?? f.config;
  if (!file) return {};
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${relative(root, file) || file}: ${(err as Error).message}`);
  }
  if (f.schema) {
    const problems = validateConfig(config, f.schema);
    if (problems.length) throw new ManifestError(problems.map((p) => `${relative(root, file) || file}: ${p}`), `configuration of ${filter} does not match ${relative(root, f.schema)}`);
  }
  return config;
}

/**
 * The sha256 Istio / Envoy Gateway verify: for oci:// they compare it with the image MANIFEST digest
 * (istio pkg/wasm: "module downloaded from … has checksum …"), for http(s)/file with the module bytes.
 * Refuses a packaged layout that no longer holds build/<filter>.wasm (rebuilt since `package`).
 */
export function defaultSha256(filter: string, urlStr: string, variant: Variant, root: string, layout = layoutDir(filter, root)): string {
  return pinnedSha256(filter, urlStr, variant, root, layout).sha256;
}

/** defaultSha256 and where the digest came from, for the user ("compat image in build/oci/x"). */
export function pinnedSha256(filter: string, urlStr: string, variant: Variant, root: string, layout = layoutDir(filter, root)): { sha256: string; from: string } {
  if (urlStr.startsWith("oci://")) {
    const at = /@sha256:([a-f0-9]{64})$/.exec(urlStr);
    if (at) return { sha256: at[1]!, from: "the digest in --url" };
    const dir = layout;
    if (!existsSync(dir)) throw new Error(`spec.sha256: no ${relative(root, dir)} to take the image digest from; run \`envoy-as package ${filter}\` or pass --sha256`);
    const m = readLayoutIndex(dir).find((x) => x.variant === variant);
    if (!m) throw new Error(`spec.sha256: ${relative(root, dir)} has no ${variant} image; re-run \`envoy-as package ${filter}\``);
    try {
      assertPackageCurrent(filter, dir, root);
    } catch (err) {
      throw new Error(`spec.sha256: ${(err as Error).message}, or pass --sha256`);
    }
    return { sha256: m.descriptor.digest.slice("sha256:".length), from: `${variant} image manifest in ${relative(root, dir)}` };
  }
  const wasm = builtFilter(filter, root).wasm;
  return { sha256: sha256Hex(readFileSync(wasm)), from: `module ${relative(root, wasm) || wasm}` };
}

/** Build and validate the manifests (no files written). Throws ManifestError listing every problem. */
export function generateManifests(req: ManifestRequest): GeneratedManifest[] {
  return generateDeployment(req).manifests;
}

/**
 * Build and validate the manifests and say which were skipped and why (no files written). Throws
 * ManifestError listing every problem, or when neither manifest can be made.
 */
export function generateDeployment(req: ManifestRequest): Deployment {
  const root = req.root ?? process.cwd();
  const plan = planManifests(req);
  if (plan.problems.length) throw new ManifestError(plan.problems, `no manifest for ${req.filter}`);
  const defaults = filterDefaults(req.filter);
  const opts: DeployOptions = {
    ...req,
    phase: req.phase ?? defaults.phase,
    failStrategy: req.failStrategy ?? defaults.failStrategy,
    config: loadValidatedConfig(req.filter, req.configFile, root),
  };
  const pin = req.sha256 !== undefined ? { sha256: req.sha256, from: "--sha256" } : pinnedSha256(req.filter, req.url, req.variant ?? "compat", root, req.layout);
  opts.sha256 = pin.sha256;
  const out: Deployment = { manifests: [], skipped: [], sha256: pin.sha256, sha256From: pin.from };
  const parts = [
    { kind: "WasmPlugin", part: plan.istio, make: wasmPlugin, check: validateWasmPlugin },
    { kind: "EnvoyExtensionPolicy", part: plan.envoyGateway, make: envoyExtensionPolicy, check: validateEnvoyExtensionPolicy },
  ] as const;
  for (const { kind, part, make, check } of parts) {
    if (part.skipped) {
      out.skipped.push({ kind, reason: part.skipped });
      continue;
    }
    const doc = make({ ...opts, targetRefs: part.targetRefs });
    const problems = check(doc);
    if (problems.length) throw new ManifestError(problems, `${kind} for ${req.filter} is invalid`);
    out.manifests.push({ kind, doc, yaml: kubeYaml(doc), notes: part.notes });
  }
  if (!out.manifests.length) throw new ManifestError(out.skipped.map((s) => s.reason), `no manifest for ${req.filter}`);
  return out;
}

/** Write generated manifests to `dir` (default build/deploy/<filter>); returns the paths. */
export function writeManifests(filter: string, manifests: GeneratedManifest[], dir?: string, root = process.cwd()): string[] {
  const outDir = dir ?? join(root, "build", "deploy", filter);
  mkdirSync(outDir, { recursive: true });
  return manifests.map((m) => {
    const path = join(outDir, `${m.kind.toLowerCase()}.yaml`);
    const notes = m.notes.map((n) => `# ${n.replace(/[\r\n]+/g, " ")}\n`).join("");
    writeFileSync(path, `# Generated by envoy-as istio ${filter}\n${notes}${m.yaml}`);
    return path;
  });
}
