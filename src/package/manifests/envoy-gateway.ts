// Envoy Gateway EnvoyExtensionPolicy (gateway.envoyproxy.io/v1alpha1) with one `wasm` entry.
// Field names follow Envoy Gateway's api/v1alpha1 (EnvoyExtensionPolicySpec, Wasm, WasmCodeSource).
import { dnsLabel, dnsSubdomain, knownFields, oneOf, sha256, url, type Problems } from "./check.ts";
import type { DeployOptions, TargetRef } from "./options.ts";
import { defaultGroup, EG_TARGET_KINDS, GATEWAY_API_GROUP } from "./targets.ts";

export const EG_API_VERSION = "gateway.envoyproxy.io/v1alpha1";
const TARGET_KINDS = EG_TARGET_KINDS.map((k) => k.kind);
/** When no target is given: the Gateway of Envoy Gateway's quickstart. */
export const DEFAULT_EG_TARGET: TargetRef = { group: GATEWAY_API_GROUP, kind: "Gateway", name: "eg" };

/** The EnvoyExtensionPolicy for `o`; file:// URLs cannot be expressed (EG fetches over HTTP or from a registry). */
export function envoyExtensionPolicy(o: DeployOptions): Record<string, unknown> {
  const scheme = o.url.split(":")[0];
  const code: Record<string, unknown> = {};
  if (scheme === "oci") {
    code.type = "Image";
    // EG's image URL is registry/repo:tag without a scheme.
    const image: Record<string, unknown> = { url: o.url.replace(/^oci:\/\//, "") };
    if (o.sha256) image.sha256 = o.sha256;
    if (o.pullSecret) image.pullSecretRef = { group: "", kind: "Secret", name: o.pullSecret };
    code.image = image;
  } else {
    code.type = "HTTP";
    code.http = o.sha256 ? { url: o.url, sha256: o.sha256 } : { url: o.url };
  }
  if (o.pullPolicy) code.pullPolicy = o.pullPolicy;
  const wasm: Record<string, unknown> = { name: o.filter, rootID: o.filter, code, config: o.config, failOpen: o.failStrategy === "FAIL_OPEN" };
  const hostKeys = (o.env ?? []).filter((e) => e.fromHost).map((e) => e.name);
  if (hostKeys.length) wasm.env = { hostKeys };
  const targets = o.targetRefs?.length ? o.targetRefs : [DEFAULT_EG_TARGET];
  const metadata: Record<string, unknown> = { name: o.name ?? o.filter };
  if (o.namespace) metadata.namespace = o.namespace;
  return {
    apiVersion: EG_API_VERSION,
    kind: "EnvoyExtensionPolicy",
    metadata,
    spec: {
      targetRefs: targets.map((t) => ({ group: t.group ?? defaultGroup(t.kind) ?? GATEWAY_API_GROUP, kind: t.kind, name: t.name })),
      wasm: [wasm],
    },
  };
}

/** Problems with an EnvoyExtensionPolicy, each naming the field. Empty when valid. */
export function validateEnvoyExtensionPolicy(doc: Record<string, unknown>): Problems {
  const p: Problems = [];
  if (doc.apiVersion !== EG_API_VERSION) p.push(`apiVersion: must be ${EG_API_VERSION}`);
  if (doc.kind !== "EnvoyExtensionPolicy") p.push("kind: must be EnvoyExtensionPolicy");
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  dnsSubdomain(p, "metadata.name", meta.name);
  if (meta.namespace !== undefined) dnsLabel(p, "metadata.namespace", meta.namespace);
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  knownFields(p, "spec", spec, ["targetRef", "targetRefs", "targetSelectors", "wasm", "extProc", "lua"]);
  const refs = (spec.targetRefs as Record<string, unknown>[] | undefined) ?? [];
  if (!refs.length) p.push("spec.targetRefs: at least one Gateway or route is required");
  refs.forEach((r, i) => {
    knownFields(p, `spec.targetRefs[${i}]`, r, ["group", "kind", "name", "sectionName"]);
    if (r.group !== GATEWAY_API_GROUP) p.push(`spec.targetRefs[${i}].group: ${JSON.stringify(r.group)} must be ${GATEWAY_API_GROUP} (Envoy Gateway attaches policies to Gateway API objects only)`);
    oneOf(p, `spec.targetRefs[${i}].kind`, r.kind, TARGET_KINDS);
    dnsSubdomain(p, `spec.targetRefs[${i}].name`, r.name);
  });
  const wasm = (spec.wasm as Record<string, unknown>[] | undefined) ?? [];
  if (!wasm.length) p.push("spec.wasm: at least one entry is required");
  wasm.forEach((w, i) => {
    const at = `spec.wasm[${i}]`;
    knownFields(p, at, w, ["name", "rootID", "code", "config", "failOpen", "env"]);
    if (w.failOpen !== undefined && typeof w.failOpen !== "boolean") p.push(`${at}.failOpen: must be true or false`);
    if (w.config !== undefined && (typeof w.config !== "object" || w.config === null)) p.push(`${at}.config: must be a JSON object`);
    const code = (w.code ?? {}) as Record<string, unknown>;
    knownFields(p, `${at}.code`, code, ["type", "http", "image", "pullPolicy"]);
    oneOf(p, `${at}.code.type`, code.type, ["HTTP", "Image"]);
    if (code.pullPolicy !== undefined) oneOf(p, `${at}.code.pullPolicy`, code.pullPolicy, ["IfNotPresent", "Always"]);
    if (code.type === "HTTP") {
      if (code.image !== undefined) p.push(`${at}.code.image: must not be set when type is HTTP`);
      const http = (code.http ?? {}) as Record<string, unknown>;
      knownFields(p, `${at}.code.http`, http, ["url", "sha256"]);
      url(p, `${at}.code.http.url`, http.url, ["http", "https"]);
      if (http.sha256 !== undefined) sha256(p, `${at}.code.http.sha256`, http.sha256);
    } else if (code.type === "Image") {
      if (code.http !== undefined) p.push(`${at}.code.http: must not be set when type is Image`);
      const image = (code.image ?? {}) as Record<string, unknown>;
      knownFields(p, `${at}.code.image`, image, ["url", "sha256", "pullSecretRef"]);
      if (typeof image.url !== "string" || !/^[^/:\s]+(:\d+)?\/[^\s]+$/.test(image.url) || image.url.includes("://")) {
        p.push(`${at}.code.image.url: ${JSON.stringify(image.url)} must be registry/repository[:tag|@digest] without a scheme`);
      }
      if (image.sha256 !== undefined) sha256(p, `${at}.code.image.sha256`, image.sha256);
    }
  });
  return p;
}
