// Istio WasmPlugin (extensions.istio.io/v1alpha1): build the object and validate it.
// Field names and enums follow Istio's CRD (istio/api extensions/v1alpha1/wasm.proto).
import { dnsLabel, dnsSubdomain, int, knownFields, labels, oneOf, sha256, url } from "./check.js";
import { FAIL_STRATEGIES, PHASES } from "./defaults.js";
export const ISTIO_API_VERSION = "extensions.istio.io/v1alpha1";
const SPEC_FIELDS = [
    "selector", "targetRef", "targetRefs", "url", "sha256", "imagePullPolicy", "imagePullSecret", "verificationKey",
    "pluginConfig", "pluginName", "phase", "priority", "failStrategy", "vmConfig", "match", "type",
];
const PULL_POLICIES = ["UNSPECIFIED_POLICY", "IfNotPresent", "Always"];
const MATCH_MODES = ["UNDEFINED", "CLIENT", "SERVER", "CLIENT_AND_SERVER"];
const ENV_VALUE_FROM = ["INLINE", "HOST"];
const PLUGIN_TYPES = ["UNSPECIFIED_PLUGIN_TYPE", "HTTP", "NETWORK"];
/** The WasmPlugin for `o` (not yet validated). */
export function wasmPlugin(o) {
    const spec = {};
    if (o.selector && Object.keys(o.selector).length)
        spec.selector = { matchLabels: o.selector };
    if (o.targetRefs?.length)
        spec.targetRefs = o.targetRefs.map((t) => ({ group: t.group ?? "", kind: t.kind, name: t.name }));
    spec.url = o.url;
    if (o.sha256)
        spec.sha256 = o.sha256;
    if (o.pullPolicy)
        spec.imagePullPolicy = o.pullPolicy;
    if (o.pullSecret)
        spec.imagePullSecret = o.pullSecret;
    spec.pluginName = o.filter;
    spec.pluginConfig = o.config;
    spec.phase = o.phase;
    if (o.priority !== undefined)
        spec.priority = o.priority;
    spec.failStrategy = o.failStrategy;
    if (o.match?.length) {
        spec.match = o.match.map((m) => ({ ...(m.mode ? { mode: m.mode } : {}), ...(m.ports?.length ? { ports: m.ports.map((n) => ({ number: n })) } : {}) }));
    }
    if (o.env?.length) {
        spec.vmConfig = { env: o.env.map((e) => (e.fromHost ? { name: e.name, valueFrom: "HOST" } : { name: e.name, value: e.value ?? "" })) };
    }
    spec.type = o.type ?? "HTTP";
    const metadata = { name: o.name ?? o.filter };
    if (o.namespace)
        metadata.namespace = o.namespace;
    return { apiVersion: ISTIO_API_VERSION, kind: "WasmPlugin", metadata, spec };
}
/** Problems with a WasmPlugin, each naming the field ("spec.phase: …"). Empty when valid. */
export function validateWasmPlugin(doc) {
    const p = [];
    if (doc.apiVersion !== ISTIO_API_VERSION)
        p.push(`apiVersion: must be ${ISTIO_API_VERSION}`);
    if (doc.kind !== "WasmPlugin")
        p.push(`kind: must be WasmPlugin`);
    const meta = (doc.metadata ?? {});
    dnsSubdomain(p, "metadata.name", meta.name);
    if (meta.namespace !== undefined)
        dnsLabel(p, "metadata.namespace", meta.namespace);
    const spec = (doc.spec ?? {});
    knownFields(p, "spec", spec, SPEC_FIELDS);
    url(p, "spec.url", spec.url, ["oci", "http", "https", "file"]);
    if (spec.sha256 !== undefined)
        sha256(p, "spec.sha256", spec.sha256);
    if (spec.imagePullPolicy !== undefined)
        oneOf(p, "spec.imagePullPolicy", spec.imagePullPolicy, PULL_POLICIES);
    if (spec.imagePullSecret !== undefined)
        dnsSubdomain(p, "spec.imagePullSecret", spec.imagePullSecret);
    if (typeof spec.pluginName !== "string" || !spec.pluginName)
        p.push("spec.pluginName: required (the filter's root id)");
    if (!spec.pluginConfig || typeof spec.pluginConfig !== "object" || Array.isArray(spec.pluginConfig)) {
        p.push("spec.pluginConfig: must be an object (Istio passes it to the plugin as JSON)");
    }
    oneOf(p, "spec.phase", spec.phase, PHASES);
    if (spec.priority !== undefined)
        int(p, "spec.priority", spec.priority, -(2 ** 31), 2 ** 31 - 1);
    oneOf(p, "spec.failStrategy", spec.failStrategy, FAIL_STRATEGIES);
    if (spec.type !== undefined)
        oneOf(p, "spec.type", spec.type, PLUGIN_TYPES);
    if (spec.selector !== undefined) {
        knownFields(p, "spec.selector", spec.selector, ["matchLabels"]);
        labels(p, "spec.selector.matchLabels", spec.selector.matchLabels);
    }
    if (spec.selector !== undefined && spec.targetRefs !== undefined) {
        p.push("spec.targetRefs: cannot be combined with spec.selector (Istio allows only one of them)");
    }
    (spec.targetRefs ?? []).forEach((t, i) => {
        const ref = t;
        knownFields(p, `spec.targetRefs[${i}]`, ref, ["group", "kind", "name", "namespace"]);
        if (typeof ref.kind !== "string" || !ref.kind)
            p.push(`spec.targetRefs[${i}].kind: required (e.g. Gateway or Service)`);
        dnsSubdomain(p, `spec.targetRefs[${i}].name`, ref.name);
    });
    (spec.match ?? []).forEach((m, i) => {
        const mm = m;
        knownFields(p, `spec.match[${i}]`, mm, ["mode", "ports"]);
        if (mm.mode !== undefined)
            oneOf(p, `spec.match[${i}].mode`, mm.mode, MATCH_MODES);
        (mm.ports ?? []).forEach((port, j) => int(p, `spec.match[${i}].ports[${j}].number`, port.number, 1, 65535));
    });
    const env = spec.vmConfig?.env ?? [];
    env.forEach((e, i) => {
        const at = `spec.vmConfig.env[${i}]`;
        if (typeof e.name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.name))
            p.push(`${at}.name: ${JSON.stringify(e.name)} is not a valid environment variable name`);
        if (e.valueFrom !== undefined)
            oneOf(p, `${at}.valueFrom`, e.valueFrom, ENV_VALUE_FROM);
        if (e.valueFrom === "HOST" && e.value !== undefined)
            p.push(`${at}.value: must be empty when valueFrom is HOST`);
    });
    return p;
}
