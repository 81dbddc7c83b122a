/**
 * What Envoy does with new requests after the filter's VM trapped or failed:
 *   FAIL_CLOSED  503 for every request (details wasm_fail_stream);
 *   FAIL_IGNORE  skip the filter and let requests pass (Envoy's proto calls this FAIL_OPEN; both accepted);
 *   FAIL_RELOAD  clone a fresh VM (re-running start and configure) with a 1 s backoff.
 */
export type FailurePolicy = "FAIL_CLOSED" | "FAIL_IGNORE" | "FAIL_OPEN" | "FAIL_RELOAD";
/** The enum name Envoy 1.40 accepts (envoy.extensions.wasm.v3.FailurePolicy has no FAIL_IGNORE). */
export declare function envoyFailurePolicy(p: FailurePolicy): "FAIL_CLOSED" | "FAIL_OPEN" | "FAIL_RELOAD";
export declare const WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
export declare const NETWORK_WASM_FILTER_TYPE = "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm";
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
    ecds?: {
        path: string;
    };
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
export interface Cluster {
    name: string;
    host: string;
    port: number;
    /** Speak HTTP/2 to the upstream (e.g. gRPC). */
    http2?: boolean;
    connectTimeoutMs?: number;
}
/** A TCP listener: network Wasm filters (envoy.filters.network.wasm), then tcp_proxy to a cluster. */
export interface TcpProxyListener {
    /** Listener name (not "main"); also the tcp_proxy stat prefix. */
    name: string;
    /** Listener address (default 127.0.0.1) and port (0 = ephemeral; the launcher reads it back). */
    address?: string;
    port: number;
    /** Network filters, in order, before tcp_proxy. Names must be unique across all filters. */
    filters: WasmFilter[];
    /** One of BootstrapOptions.clusters: where tcp_proxy forwards. */
    cluster: string;
}
export type Route = {
    upstream: {
        host: string;
        port: number;
        timeoutMs?: number;
    };
} | {
    directResponse: {
        status: number;
        body?: string;
    };
};
export interface BootstrapOptions {
    filters: WasmFilter[];
    /** Listener address (default 127.0.0.1) and port (0 = ephemeral). */
    listener: {
        address?: string;
        port: number;
    };
    /** Admin address (default 127.0.0.1) and port (0 = ephemeral). */
    admin: {
        address?: string;
        port: number;
    };
    route: Route;
    /** Extra clusters, e.g. targets of proxy_http_call. */
    clusters?: Cluster[];
    /** Default for filters that don't set allowOnHeadersStopIteration. Omitted (Envoy default false) if undefined. */
    allowOnHeadersStopIteration?: boolean;
    /**
     * Log one line per request to stderr: true uses ACCESS_LOG_FORMAT (method, path, status, response
     * code details such as wasm_fail_stream or a filter's local-reply details, flags, upstream host).
     * Default false.
     */
    accessLog?: boolean | {
        format: string;
    };
    /** Extra TCP listeners with network Wasm filters in front of tcp_proxy. Default none. */
    tcpProxies?: TcpProxyListener[];
}
/** Name of the cluster that the main route goes to. */
export declare const UPSTREAM_CLUSTER = "upstream";
export declare const LISTENER_NAME = "main";
export declare const HTTP_STAT_PREFIX = "ingress_http";
export declare const ACCESS_LOG_FORMAT = "[access] %REQ(:METHOD)% %REQ(:PATH)% %RESPONSE_CODE% details=%RESPONSE_CODE_DETAILS% flags=%RESPONSE_FLAGS% upstream=%UPSTREAM_HOST%\n";
export type Json = null | boolean | number | string | Json[] | {
    [k: string]: Json;
};
/** The PluginConfig message for one filter (inside envoy.extensions.filters.http.wasm.v3.Wasm.config). */
export declare function pluginConfig(f: WasmFilter, defaults?: {
    allowOnHeadersStopIteration?: boolean;
}): Json;
/** The typed_config of one Wasm HTTP filter. */
export declare function wasmTypedConfig(f: WasmFilter, defaults?: {
    allowOnHeadersStopIteration?: boolean;
}): Json;
/**
 * The file an ECDS filter's config_source points at: a DiscoveryResponse holding one
 * TypedExtensionConfig whose name matches the filter name in the HTTP filter chain.
 */
export declare function ecdsResource(f: WasmFilter, defaults?: {
    allowOnHeadersStopIteration?: boolean;
}): Json;
/** The complete bootstrap as a plain object (serialize with toYaml). */
export declare function buildBootstrap(opts: BootstrapOptions): Record<string, Json>;
/** YAML text of a bootstrap or ECDS resource, with a header comment. */
export declare function toYaml(doc: unknown, header?: string): string;
/** Write atomically (temp file + rename): Envoy's file watchers must never see a half-written file. */
export declare function writeFileAtomic(path: string, text: string): void;
/** Write a filter's ECDS file (the resource its config_discovery points at). */
export declare function writeEcdsFile(f: WasmFilter, defaults?: {
    allowOnHeadersStopIteration?: boolean;
}): void;
/** Write the bootstrap to `path`, and the ECDS file of every filter that has one. */
export declare function writeBootstrap(path: string, opts: BootstrapOptions, header?: string): void;
