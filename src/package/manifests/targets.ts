// Which objects each tool can attach a filter to (targetRefs), and the group a bare `Kind/name` means.
//
//   Istio WasmPlugin (pkg/config/validation, validatePolicyTargetReference): core Service,
//     networking.istio.io ServiceEntry, gateway.networking.k8s.io Gateway and GatewayClass.
//     No routes: a WasmPlugin can never target an HTTPRoute.
//   Envoy Gateway EnvoyExtensionPolicy (CRD rules): gateway.networking.k8s.io Gateway, HTTPRoute,
//     GRPCRoute, TCPRoute, UDPRoute, TLSRoute.
import type { TargetRef } from "./options.ts";

export const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
const ISTIO_NETWORKING_GROUP = "networking.istio.io";

/** A (group, kind) pair; group "" is the core API group. */
export interface TargetKind {
  group: string;
  kind: string;
}

export const ISTIO_TARGET_KINDS: readonly TargetKind[] = [
  { group: "", kind: "Service" },
  { group: ISTIO_NETWORKING_GROUP, kind: "ServiceEntry" },
  { group: GATEWAY_API_GROUP, kind: "Gateway" },
  { group: GATEWAY_API_GROUP, kind: "GatewayClass" },
];

export const EG_TARGET_KINDS: readonly TargetKind[] = ["Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "UDPRoute", "TLSRoute"].map((kind) => ({ group: GATEWAY_API_GROUP, kind }));

/** Istio's WasmPlugin limit on spec.targetRefs (CRD maxItems). */
export const MAX_TARGET_REFS = 16;

/** "Kind" for the core group, "group/Kind" otherwise: how targets are named in messages. */
export function kindName(t: TargetKind): string {
  return t.group ? `${t.group}/${t.kind}` : t.kind;
}

/** "Kind/name" (with the group when it is not the one a bare kind implies). */
export function targetName(t: TargetRef): string {
  return `${t.group && t.group !== defaultGroup(t.kind) ? `${t.group}/` : ""}${t.kind}/${t.name}`;
}

/** The group a kind given without one belongs to, or undefined when neither tool knows the kind. */
export function defaultGroup(kind: string): string | undefined {
  return [...ISTIO_TARGET_KINDS, ...EG_TARGET_KINDS].find((k) => k.kind === kind)?.group;
}

/** `t` with its group filled in ("core" spelled as ""), or a problem naming the option and the fix. */
export function resolveTarget(t: TargetRef): TargetRef | string {
  const group = t.group === undefined ? defaultGroup(t.kind) : t.group === "core" ? "" : t.group;
  const known = `Istio accepts ${ISTIO_TARGET_KINDS.map(kindName).join(", ")}; Envoy Gateway accepts ${EG_TARGET_KINDS.map((k) => k.kind).join(", ")}`;
  if (group === undefined) return `--target-ref ${t.kind}/${t.name}: unknown kind "${t.kind}" (${known})`;
  const r = { group, kind: t.kind, name: t.name };
  if (!istioAccepts(r) && !egAccepts(r)) return `--target-ref ${targetName(r)}: neither tool can attach a filter to ${kindName(r)} (${known})`;
  return r;
}

function accepts(list: readonly TargetKind[], t: TargetRef): boolean {
  return list.some((k) => k.kind === t.kind && k.group === (t.group ?? ""));
}

/** True when Istio lets a WasmPlugin target `t` (group already resolved). */
export function istioAccepts(t: TargetRef): boolean {
  return accepts(ISTIO_TARGET_KINDS, t);
}

/** True when Envoy Gateway lets an EnvoyExtensionPolicy target `t` (group already resolved). */
export function egAccepts(t: TargetRef): boolean {
  return accepts(EG_TARGET_KINDS, t);
}
