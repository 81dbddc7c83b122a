// `envoy-as istio <filter> --url URL [options]`: Istio WasmPlugin + Envoy Gateway EnvoyExtensionPolicy.
import { relative } from "node:path";
import { findProjectRoot } from "../paths.ts";
import { lookupFilter, readConfigFile } from "../build/catalog.ts";
import { checkConfigContract, describeRefusal } from "../config/contract.ts";
import { flag, flags, parseArgs } from "./args.ts";
import type { FailStrategy, Phase } from "../package/manifests/defaults.ts";
import { generateDeployment, writeManifests, type ManifestRequest } from "../package/manifests/generate.ts";
import type { EnvVar, TargetRef } from "../package/manifests/options.ts";
import type { Variant } from "../package/media-types.ts";

export const ISTIO_USAGE = `usage: envoy-as istio <filter> --url URL [options]
  Writes build/deploy/<filter>/wasmplugin.yaml (Istio) and envoyextensionpolicy.yaml (Envoy Gateway;
  not for file:// URLs), validated first. --stdout prints them instead.
  --url URL              oci://host/repo:tag | https://host/x.wasm | http://… | file:///path.wasm
  --sha256 HEX           default: image manifest digest from build/oci/<filter> (oci://, see --variant),
                         or the module's sha256 (http/https/file)
  --variant compat|wasm  which packaged image an oci:// URL points at (default compat)
  --config FILE          plugin configuration (default the filter's config.json), checked with schema.json
  --name NAME  --namespace NS
  --phase UNSPECIFIED_PHASE|AUTHN|AUTHZ|STATS     default by filter kind (auth→AUTHN, rate-limit→AUTHZ)
  --priority N
  --fail-strategy FAIL_CLOSE|FAIL_OPEN|FAIL_RELOAD  default FAIL_CLOSE (rate-limit: FAIL_OPEN)
  --pull-policy IfNotPresent|Always  --pull-secret SECRET
  --selector key=value   (repeatable; Istio workload selector)
  --target-ref Kind/name | group/Kind/name   (repeatable; group inferred from the kind)
                         Istio: Service, ServiceEntry, Gateway, GatewayClass (no routes)
                         Envoy Gateway: Gateway, HTTPRoute, GRPCRoute, TCPRoute, UDPRoute, TLSRoute
                         (default Gateway/eg); a target one tool cannot take is dropped from its
                         manifest with a note, and a manifest left with no target is not written
  --match-mode CLIENT|SERVER|CLIENT_AND_SERVER  --match-port N (repeatable)
  --env NAME=VALUE | --env NAME (from the proxy's own environment)   (repeatable)
  --type HTTP|NETWORK    --out DIR   --stdout`;

function targetRef(s: string): TargetRef {
  const m = /^(?:([^/]+)\/)?([^/]+)\/([^/]+)$/.exec(s);
  if (!m) throw new Error(`--target-ref ${JSON.stringify(s)}: expected Kind/name or group/Kind/name`);
  return m[1] ? { group: m[1], kind: m[2]!, name: m[3]! } : { kind: m[2]!, name: m[3]! };
}

/** Turn parsed flags into a ManifestRequest (validation of values happens in the generators). */
export function manifestRequest(filter: string, p: ReturnType<typeof parseArgs>): ManifestRequest {
  const url = flag(p, "url");
  if (!url) throw new Error("--url is required (oci://…, https://…, http://… or file://…)");
  const selector: Record<string, string> = {};
  for (const s of flags(p, "selector")) {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new Error(`--selector ${JSON.stringify(s)}: expected key=value`);
    selector[s.slice(0, eq)] = s.slice(eq + 1);
  }
  const env: EnvVar[] = flags(p, "env").map((e) => {
    const eq = e.indexOf("=");
    return eq > 0 ? { name: e.slice(0, eq), value: e.slice(eq + 1) } : { name: e, fromHost: true };
  });
  const priority = flag(p, "priority");
  const ports = flags(p, "match-port").map(Number);
  const mode = flag(p, "match-mode");
  return {
    filter,
    url,
    name: flag(p, "name"),
    namespace: flag(p, "namespace"),
    sha256: flag(p, "sha256"),
    variant: flag(p, "variant") as Variant | undefined,
    configFile: flag(p, "config"),
    phase: flag(p, "phase") as Phase | undefined,
    priority: priority === undefined ? undefined : Number(priority),
    failStrategy: flag(p, "fail-strategy") as FailStrategy | undefined,
    pullPolicy: flag(p, "pull-policy") as ManifestRequest["pullPolicy"],
    pullSecret: flag(p, "pull-secret"),
    selector: Object.keys(selector).length ? selector : undefined,
    targetRefs: flags(p, "target-ref").map(targetRef),
    match: mode || ports.length ? [{ mode: mode as NonNullable<ManifestRequest["match"]>[number]["mode"], ports }] : undefined,
    env,
    type: flag(p, "type") as ManifestRequest["type"],
  };
}

export async function istioCommand(args: string[]): Promise<number> {
  try {
    const p = parseArgs(
      args,
      ["url", "sha256", "variant", "config", "name", "namespace", "phase", "priority", "fail-strategy", "pull-policy", "pull-secret", "selector", "target-ref", "match-mode", "match-port", "env", "type", "out"],
      ["stdout", "help"],
    );
    if (flag(p, "help")) return console.log(ISTIO_USAGE), 0;
    const [filter, ...extra] = p.positional;
    if (!filter || extra.length) {
      console.error(ISTIO_USAGE);
      return 2;
    }
    const root = findProjectRoot();
    const { manifests, skipped, sha256, sha256From } = generateDeployment({ ...manifestRequest(filter, p), root });
    // The schema half was checked above; the filter's own onConfigure must take it too (one contract).
    const ref = lookupFilter(root, filter);
    const configFile = flag(p, "config") ?? ref.config;
    if (configFile) {
      const verdict = await checkConfigContract({ ...ref, schema: undefined }, readConfigFile(configFile));
      if (!verdict.ok && verdict.stage !== "module") {
        console.error(describeRefusal(configFile, filter, verdict));
        return 1;
      }
    }
    // Notes go to stderr so that --stdout stays pure YAML.
    const pinned = `sha256 ${sha256}  (${sha256From})`;
    if (flag(p, "stdout")) console.error(pinned);
    else console.log(pinned);
    for (const s of skipped) console.error(`(${s.reason})`);
    for (const m of manifests) for (const n of m.notes) console.error(`${m.kind}: ${n}`);
    if (flag(p, "stdout")) {
      process.stdout.write(manifests.map((m) => m.yaml).join("---\n"));
    } else {
      for (const path of writeManifests(filter, manifests, flag(p, "out"), root)) console.log(`wrote ${relative(process.cwd(), path)}`);
    }
    return 0;
  } catch (err) {
    console.error(`istio: ${(err as Error).message}`);
    return 1;
  }
}
