// One Wasm filter as Envoy's config has it: the PluginConfig (VM, code, configuration, failure
// policy), the HTTP filter's typed_config, and the ECDS resource that carries it in its own file.

/**
 * What Envoy does with new requests after the filter's VM trapped or failed:
 *   FAIL_CLOSED  503 for every request (details wasm_fail_stream);
 *   FAIL_IGNORE  skip the filter and let requests pass (Envoy's proto calls this FAIL_OPEN; both accepted);
 *   FAIL_RELOAD  clone a fresh VM (re-running start and configure) with a 1 s backoff.
 */
export type FailurePolicy = "FAIL_CLOSED" | "FAIL_IGNORE" | "FAIL_OPEN" | "FAIL_RELOAD";

/** The enum name Envoy 1.40 accepts (envoy.extensions.wasm.v3.FailurePolicy has no FAIL_IGNORE). */
export function envoyFailurePolicy(p: FailurePolicy): "FAIL_CLOSED" | "FAIL_OPEN" | "FAIL_RELOAD" {
  switch (p) {
    case "FAIL_IGNORE":
    case "FAIL_OPEN":
      return "FAIL_OPEN";
    case "FAIL_CLOSED":
    case "FAIL_RELOAD":
      return p;
    default:
      throw new Error(`Unknown failure policy ${JSON.stringify(p)} (FAIL_CLOSED, FAIL_IGNORE or FAIL_RELOAD)`);
  }
}

export const WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
export const NETWORK_WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm";
const STRING_VALUE_TYPE = "type.googleapis.com/google.protobuf.StringValue";
const TYPED_EXTENSION_CONFIG_TYPE = "type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface WasmFilter {
  /** Filter name: plugin name, and the key used everywhere (build output, config, ECDS resource). */
  name: string;
  /** Path of the .wasm module as Envoy sees it (absolute, or relative to Envoy's working directory). */
  wasmPath: string;
  /** Plugin configuration, a JSON value; Envoy receives JSON.stringify(configuration). Default {}. */
  configuration?: unknown;
  /** Send this exact string as the plugin configuration instead of JSON.stringify(configuration). */
  rawConfiguration?: string;
  /** root_id (default: name). */
  rootId?: string;
  /** vm_id (default: name). Filters sharing a vm_id share shared-data/queues. */
  vmId?: string;
  /** What happens after the VM traps or fails. Always written explicitly. Default FAIL_CLOSED. */
  failurePolicy?: FailurePolicy;
  /** VM configuration (vm_config.configuration), JSON value; omitted if undefined. */
  vmConfiguration?: unknown;
  /** Let on_request_headers/on_response_headers return StopIteration (Envoy ≥1.35). Default: bootstrap option. */
  allowOnHeadersStopIteration?: boolean;
  /** Deliver this filter through ECDS from a watched file instead of inline. */
  ecds?: { path: string };
  /**
   * Fetch the module over HTTP instead of reading wasmPath (vm_config.code.remote): `cluster` must be
   * one of BootstrapOptions.clusters; Envoy refuses the module unless it hashes to `sha256` (hex).
   */
  remoteCode?: RemoteCode;
}

export interface RemoteCode {
  uri: string;
  cluster: string;
  sha256: string;
  /** http_uri.timeout. Default 10 s. */
  timeoutMs?: number;
  /** retry_policy.num_retries. Default 3. */
  retries?: number;
}

function codeSource(f: WasmFilter): Json {
  const r = f.remoteCode;
  if (!r) return { local: { filename: f.wasmPath } };
  return {
    remote: {
      http_uri: { uri: r.uri, cluster: r.cluster, timeout: `${(r.timeoutMs ?? 10_000) / 1000}s` },
      sha256: r.sha256,
      retry_policy: { num_retries: r.retries ?? 3 },
    },
  };
}

/** The PluginConfig message for one filter (inside envoy.extensions.filters.http.wasm.v3.Wasm.config). */
export function pluginConfig(f: WasmFilter, defaults: { allowOnHeadersStopIteration?: boolean } = {}): Json {
  const configuration = f.rawConfiguration ?? JSON.stringify(f.configuration ?? {});
  const vmConfig: Record<string, Json> = {
    vm_id: f.vmId ?? f.name,
    runtime: "envoy.wasm.runtime.v8",
    code: codeSource(f),
  };
  if (f.vmConfiguration !== undefined) {
    vmConfig.configuration = { "@type": STRING_VALUE_TYPE, value: JSON.stringify(f.vmConfiguration) };
  }
  const config: Record<string, Json> = {
    name: f.name,
    root_id: f.rootId ?? f.name,
    vm_config: vmConfig,
    configuration: { "@type": STRING_VALUE_TYPE, value: configuration },
    failure_policy: envoyFailurePolicy(f.failurePolicy ?? "FAIL_CLOSED"),
  };
  const stopIteration = f.allowOnHeadersStopIteration ?? defaults.allowOnHeadersStopIteration;
  if (stopIteration !== undefined) config.allow_on_headers_stop_iteration = stopIteration;
  return config;
}

/** The typed_config of one Wasm HTTP filter. */
export function wasmTypedConfig(f: WasmFilter, defaults: { allowOnHeadersStopIteration?: boolean } = {}): Json {
  return { "@type": WASM_FILTER_TYPE, config: pluginConfig(f, defaults) };
}

/**
 * The file an ECDS filter's config_source points at: a DiscoveryResponse holding one
 * TypedExtensionConfig whose name matches the filter name in the HTTP filter chain.
 */
export function ecdsResource(f: WasmFilter, defaults: { allowOnHeadersStopIteration?: boolean } = {}): Json {
  return {
    resources: [{ "@type": TYPED_EXTENSION_CONFIG_TYPE, name: f.name, typed_config: wasmTypedConfig(f, defaults) }],
  };
}
