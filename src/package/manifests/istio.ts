// Istio WasmPlugin (extensions.istio.io/v1alpha1): build the object and validate it.
// Field names and enums follow Istio's CRD (istio/api extensions/v1alpha1/wasm.proto).
import { dnsLabel, dnsSubdomain, int, knownFields, labels, oneOf, sha256, url, type Problems } from "./check.ts";
import { FAIL_STRATEGIES, PHASES } from "./defaults.ts";
import type { DeployOptions } from "./options.ts";
import { defaultGroup, ISTIO_TARGET_KINDS, istioAccepts, kindName, MAX_TARGET_REFS } from "./targets.ts";

export const ISTIO_API_VERSION = "extensions.istio.io/v1alpha1";
const SPEC_FIELDS = [
  "selector", "targetRef", "targetRefs", "url", "sha256", "imagePullPolicy", "imagePullSecret", "verificationKey",
  "pluginConfig", "pluginName", "phase", "priority", "failStrategy", "vmConfig", "match", "type",
] as const;
const PULL_POLICIES = ["UNSPECIFIED_POLICY", "IfNotPresent", "Always"] as const;
const MATCH_MODES = ["UNDEFINED", "CLIENT", "SERVER", "CLIENT_AND_SERVER"] as const;
const ENV_VALUE_FROM = ["INLINE", "HOST"] as const;
const PLUGIN_TYPES = ["UNSPECIFIED_PLUGIN_TYPE", "HTTP", "NETWORK"] as const;
/** CRD limits of vmConfig.env (istio/api extensions/v1alpha1 WasmPlugin). */
const MAX_ENV = 256;
const MAX_ENV_NAME = 256;
const MAX_ENV_VALUE = 2048;
const MAX_PLUGIN_NAME = 256;

/** The WasmPlugin for `o` (not yet validated). */
export function wasmPlugin(o: DeployOptions): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (o.selector && Object.keys(o.selector).length) spec.selector = { matchLabels: o.selector };
  if (o.targetRefs?.length) spec.targetRefs = o.targetRefs.map((t) => ({ group: t.group ?? defaultGroup(t.kind) ?? "", kind: t.kind, name: t.name }));
  spec.url = o.url;
  if (o.sha256) spec.sha256 = o.sha256;
  if (o.pullPolicy) spec.imagePullPolicy = o.pullPolicy;
  if (o.pullSecret) spec.imagePullSecret = o.pullSecret;
  spec.pluginName = o.filter;
  spec.pluginConfig = o.config;
  spec.phase = o.phase;
  if (o.priority !== undefined) spec.priority = o.priority;
  spec.failStrategy = o.failStrategy;
  if (o.match?.length) {
    spec.match = o.match.map((m) => ({ ...(m.mode ? { mode: m.mode } : {}), ...(m.ports?.length ? { ports: m.ports.map((n) => ({ number: n })) } : {}) }));
  }
  if (o.env?.length) {
    spec.vmConfig = { env: o.env.map((e) => (e.fromHost ? { name: e.name, valueFrom: "HOST" } : { name: e.name, value: e.value ?? "" })) };
  }
  spec.type = o.type ?? "HTTP";
  const metadata: Record<string, unknown> = { name: o.name ?? o.filter };
  if (o.namespace) metadata.namespace = o.namespace;
  return { apiVersion: ISTIO_API_VERSION, kind: "WasmPlugin", metadata, spec };
}

/** Problems with a WasmPlugin, each naming the field ("spec.phase: …"). Empty when valid. */
export function validateWasmPlugin(doc: Record<string, unknown>): Problems {
  const p: Problems = [];
  if (doc.apiVersion !== ISTIO_API_VERSION) p.push(`apiVersion: must be ${ISTIO_API_VERSION}`);
  if (doc.kind !== "WasmPlugin") p.push(`kind: must be WasmPlugin`);
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  dnsSubdomain(p, "metadata.name", meta.name);
  if (meta.namespace !== undefined) dnsLabel(p, "metadata.namespace", meta.namespace);
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  knownFields(p, "spec", spec, SPEC_FIELDS);
  url(p, "spec.url", spec.url, ["oci", "http", "https", "file"]);
  if (spec.sha256 !== undefined) sha256(p, "spec.sha256", spec.sha256);
  if (spec.imagePullPolicy !== undefined) oneOf(p, "spec.imagePullPolicy", spec.imagePullPolicy, PULL_POLICIES);
  if (spec.imagePullSecret !== undefined) dnsSubdomain(p, "spec.imagePullSecret", spec.imagePullSecret);
  if (typeof spec.pluginName !== "string" || !spec.pluginName) p.push("spec.pluginName: required (the filter's root id)");
  else if (spec.pluginName.length > MAX_PLUGIN_NAME) p.push(`spec.pluginName: ${spec.pluginName.length} characters, Istio allows at most ${MAX_PLUGIN_NAME}`);
  if (!spec.pluginConfig || typeof spec.pluginConfig !== "object" || Array.isArray(spec.pluginConfig)) {
    p.push("spec.pluginConfig: must be an object (Istio passes it to the plugin as JSON)");
  }
  oneOf(p, "spec.phase", spec.phase, PHASES);
  if (spec.priority !== undefined) int(p, "spec.priority", spec.priority, -(2 ** 31), 2 ** 31 - 1);
  oneOf(p, "spec.failStrategy", spec.failStrategy, FAIL_STRATEGIES);
  if (spec.type !== undefined) oneOf(p, "spec.type", spec.type, PLUGIN_TYPES);
  if (spec.selector !== undefined) {
    knownFields(p, "spec.selector", spec.selector, ["matchLabels"]);
    labels(p, "spec.selector.matchLabels", (spec.selector as Record<string, unknown>).matchLabels);
  }
  if (spec.selector !== undefined && spec.targetRefs !== undefined) {
    p.push("spec.targetRefs: cannot be combined with spec.selector (Istio allows only one of them)");
  }
  const refs = (spec.targetRefs as unknown[] | undefined) ?? [];
  if (refs.length > MAX_TARGET_REFS) p.push(`spec.targetRefs: ${refs.length} targets, Istio allows at most ${MAX_TARGET_REFS} (split them over several WasmPlugins)`);
  refs.forEach((t, i) => {
    const ref = t as Record<string, unknown>;
    const at = `spec.targetRefs[${i}]`;
    knownFields(p, at, ref, ["group", "kind", "name", "namespace"]);
    if (typeof ref.kind !== "string" || !ref.kind) p.push(`${at}.kind: required (e.g. Gateway or Service)`);
    else if (typeof ref.group !== "string" || !istioAccepts({ group: ref.group, kind: ref.kind, name: "" })) {
      p.push(`${at}: ${JSON.stringify(ref.group ?? "")}/${ref.kind} is not a target Istio accepts (use one of ${ISTIO_TARGET_KINDS.map(kindName).join(", ")}; routes cannot be targeted)`);
    }
    dnsSubdomain(p, `${at}.name`, ref.name);
    if (ref.namespace !== undefined && ref.namespace !== "") p.push(`${at}.namespace: must not be set (Istio does not support cross-namespace targets; put the WasmPlugin in the target's namespace)`);
  });
  ((spec.match as unknown[] | undefined) ?? []).forEach((m, i) => {
    const mm = m as Record<string, unknown>;
    knownFields(p, `spec.match[${i}]`, mm, ["mode", "ports"]);
    if (mm.mode !== undefined) oneOf(p, `spec.match[${i}].mode`, mm.mode, MATCH_MODES);
    const seen = new Map<unknown, number>();
    ((mm.ports as { number?: unknown }[] | undefined) ?? []).forEach((port, j) => {
      int(p, `spec.match[${i}].ports[${j}].number`, port.number, 1, 65535);
      const first = seen.get(port.number);
      if (first !== undefined) p.push(`spec.match[${i}].ports[${j}].number: port ${JSON.stringify(port.number)} is already listed as ports[${first}] (give each --match-port once)`);
      else seen.set(port.number, j);
    });
  });
  const env = ((spec.vmConfig as Record<string, unknown> | undefined)?.env as Record<string, unknown>[] | undefined) ?? [];
  if (env.length > MAX_ENV) p.push(`spec.vmConfig.env: ${env.length} variables, Istio allows at most ${MAX_ENV}`);
  const names = new Map<unknown, number>();
  env.forEach((e, i) => {
    const at = `spec.vmConfig.env[${i}]`;
    if (typeof e.name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name) || e.name.length > MAX_ENV_NAME) {
      p.push(`${at}.name: ${JSON.stringify(e.name)} is not a valid environment variable name (letters, digits and '_', not starting with a digit, ≤ ${MAX_ENV_NAME})`);
    }
    const first = names.get(e.name);
    if (first !== undefined) p.push(`${at}.name: ${JSON.stringify(e.name)} is already set by env[${first}] (Istio refuses a duplicate env; give each --env NAME once)`);
    else names.set(e.name, i);
    if (e.valueFrom !== undefined) oneOf(p, `${at}.valueFrom`, e.valueFrom, ENV_VALUE_FROM);
    if (e.valueFrom === "HOST" && e.value !== undefined) p.push(`${at}.value: must be empty when valueFrom is HOST`);
    if (typeof e.value === "string" && e.value.length > MAX_ENV_VALUE) {
      p.push(`${at}.value: ${e.value.length} characters, Istio allows at most ${MAX_ENV_VALUE} (put large data in the plugin configuration)`);
    }
  });
  return p;
}
