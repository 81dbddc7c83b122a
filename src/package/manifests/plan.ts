// Which manifests a request yields and what each one leaves out. Istio and Envoy Gateway accept
// different targets and options; a target or option only one of them understands goes to that one,
// and the other manifest says what it dropped and why instead of failing the whole command.
import type { DeployOptions, TargetRef } from "./options.ts";
import { egAccepts, EG_TARGET_KINDS, ISTIO_TARGET_KINDS, istioAccepts, kindName, resolveTarget, targetName } from "./targets.ts";

/** What one manifest gets: its targets, or why it is not written, and notes on dropped options. */
export interface ManifestPart {
  /** Targets for this manifest (undefined: none were asked for, the tool's default applies). */
  targetRefs?: TargetRef[];
  /** Set when this manifest is not written: the reason, for the user. */
  skipped?: string;
  /** Options the manifest cannot carry, each "option: dropped (why)". */
  notes: string[];
}

export interface ManifestPlan {
  istio: ManifestPart;
  envoyGateway: ManifestPart;
  /** Targets neither tool accepts: the request is refused with these. */
  problems: string[];
}

/** Options as the user gave them: only these are reported when a manifest drops them. */
export type PlanRequest = Pick<DeployOptions, "url" | "targetRefs" | "selector" | "priority" | "match" | "env" | "type" | "pullSecret"> &
  Partial<Pick<DeployOptions, "phase" | "failStrategy">>;

/** Split the request between the WasmPlugin and the EnvoyExtensionPolicy. */
export function planManifests(req: PlanRequest): ManifestPlan {
  const problems: string[] = [];
  const targets: TargetRef[] = [];
  for (const t of req.targetRefs ?? []) {
    const r = resolveTarget(t);
    if (typeof r === "string") problems.push(r);
    else targets.push(r);
  }
  const istio: ManifestPart = { notes: [] };
  const envoyGateway: ManifestPart = { notes: [] };
  if (targets.length) {
    const forIstio = targets.filter(istioAccepts);
    const forEg = targets.filter(egAccepts);
    const istioKinds = ISTIO_TARGET_KINDS.map(kindName).join(", ");
    const egKinds = EG_TARGET_KINDS.map((k) => k.kind).join(", ");
    for (const t of targets.filter((x) => !istioAccepts(x))) istio.notes.push(`--target-ref ${targetName(t)}: dropped (a WasmPlugin can target only ${istioKinds})`);
    for (const t of targets.filter((x) => !egAccepts(x))) envoyGateway.notes.push(`--target-ref ${targetName(t)}: dropped (an EnvoyExtensionPolicy can target only ${egKinds})`);
    if (forIstio.length) istio.targetRefs = forIstio;
    else istio.skipped = `no WasmPlugin: Istio cannot attach one to ${targets.map(targetName).join(", ")} (it accepts ${istioKinds})`;
    if (forEg.length) envoyGateway.targetRefs = forEg;
    else envoyGateway.skipped = `no EnvoyExtensionPolicy: Envoy Gateway cannot attach one to ${targets.map(targetName).join(", ")} (it accepts ${egKinds})`;
  }
  if (req.url.startsWith("file://")) envoyGateway.skipped = "no EnvoyExtensionPolicy: Envoy Gateway cannot load file:// URLs (use oci://, https:// or http://)";
  if (req.type === "NETWORK") envoyGateway.skipped = "no EnvoyExtensionPolicy: Envoy Gateway runs Wasm only as an HTTP filter (--type NETWORK)";
  const eg = envoyGateway.notes;
  if (req.selector && Object.keys(req.selector).length) {
    eg.push(`--selector: dropped (Envoy Gateway attaches policies by targetRefs only${targets.length ? "" : "; this one targets the default Gateway/eg, pass --target-ref to choose"})`);
  }
  if (req.phase) eg.push(`--phase ${req.phase}: dropped (Envoy Gateway places Wasm filters itself; there is no phase)`);
  if (req.priority !== undefined) eg.push(`--priority ${req.priority}: dropped (Envoy Gateway has no Wasm priority)`);
  if (req.match?.length) eg.push("--match-mode/--match-port: dropped (an EnvoyExtensionPolicy applies to all traffic of its targets)");
  const inline = (req.env ?? []).filter((e) => !e.fromHost);
  if (inline.length) eg.push(`--env ${inline.map((e) => e.name).join(", ")}: dropped (Envoy Gateway passes only host variables, --env NAME without a value)`);
  if (req.failStrategy === "FAIL_RELOAD") eg.push("--fail-strategy FAIL_RELOAD: written as failOpen: false (Envoy Gateway knows only fail open or closed)");
  if (req.pullSecret && !req.url.startsWith("oci://")) {
    eg.push(`--pull-secret: dropped (Envoy Gateway uses a pull secret only for oci:// images)`);
    istio.notes.push(`--pull-secret: kept as imagePullSecret, but Istio uses it only for oci:// images`);
  }
  return { istio, envoyGateway, problems };
}
