// Envoy bootstrap builder for HTTP Wasm filters.
//
// One function builds the whole bootstrap as a plain object (buildBootstrap); toYaml / writeBootstrap
// serialize it. The shipped files under envoy/ are produced by this same code (src/envoy/generate.ts),
// the launcher, `npm start` and the e2e tests use it too, so there is one source of truth for how a
// filter is wired into Envoy.
//
// Shape of what is produced (Envoy 1.40):
//   admin            -> address:port (port 0 = ephemeral; the launcher reads it back)
//   listener "main"  -> HttpConnectionManager -> [wasm filters...] -> router
//                       route "/" -> cluster "upstream" | direct_response
//   clusters         -> "upstream" (+ extra clusters for proxy_http_call)
//
// A filter can be wired inline (typed_config) or through ECDS (config_discovery with a file-based
// config source): then the filter's TypedExtensionConfig lives in its own file, which Envoy watches,
// so hot reload can swap the module or its configuration without restarting Envoy.
// The filter itself (PluginConfig, typed_config, ECDS resource) is wasm-filter.ts.

import { isIP } from "node:net";
import { toYaml, writeEcdsFile, writeFileAtomic } from "./config-files.ts";
import { WASM_FILTER_TYPE, NETWORK_WASM_FILTER_TYPE, pluginConfig, wasmTypedConfig, type Json, type WasmFilter } from "./wasm-filter.ts";

// The filter pieces (wasm-filter.ts) and file writers (config-files.ts) are re-exported: this is
// the module the rest of the code imports Envoy config from.
export * from "./wasm-filter.ts";
export { toYaml, writeEcdsFile, writeFileAtomic } from "./config-files.ts";

const TCP_PROXY_TYPE = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy";
const ROUTER_TYPE = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";
const HCM_TYPE =
  "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const STDERR_LOG_TYPE = "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StderrAccessLog";

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

export type Route =
  | { upstream: { host: string; port: number; timeoutMs?: number } }
  | { directResponse: { status: number; body?: string } };

export interface BootstrapOptions {
  filters: WasmFilter[];
  /** Listener address (default 127.0.0.1) and port (0 = ephemeral). */
  listener: { address?: string; port: number };
  /** Admin address (default 127.0.0.1) and port (0 = ephemeral). */
  admin: { address?: string; port: number };
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
  accessLog?: boolean | { format: string };
  /** Extra TCP listeners with network Wasm filters in front of tcp_proxy. Default none. */
  tcpProxies?: TcpProxyListener[];
  /** The HTTP connection manager's max_request_headers_kb (Envoy's default: 60). */
  maxRequestHeadersKb?: number;
}

/** Name of the cluster that the main route goes to. */
export const UPSTREAM_CLUSTER = "upstream";
export const LISTENER_NAME = "main";
export const HTTP_STAT_PREFIX = "ingress_http";
export const ACCESS_LOG_FORMAT =
  "[access] %REQ(:METHOD)% %REQ(:PATH)% %RESPONSE_CODE% details=%RESPONSE_CODE_DETAILS% flags=%RESPONSE_FLAGS% upstream=%UPSTREAM_HOST%\n";

function httpFilter(f: WasmFilter, defaults: { allowOnHeadersStopIteration?: boolean }): Json {
  if (f.ecds) {
    return {
      name: f.name,
      config_discovery: {
        config_source: { path_config_source: { path: f.ecds.path }, resource_api_version: "V3" },
        type_urls: [WASM_FILTER_TYPE],
      },
    };
  }
  return { name: f.name, typed_config: wasmTypedConfig(f, defaults) };
}

function socketAddress(address: string, port: number): Json {
  return { socket_address: { address, port_value: port } };
}

function cluster(c: Cluster): Json {
  const out: Record<string, Json> = {
    name: c.name,
    type: isIP(c.host) ? "STATIC" : "STRICT_DNS",
    connect_timeout: `${(c.connectTimeoutMs ?? 2000) / 1000}s`,
    load_assignment: {
      cluster_name: c.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(c.host, c.port) } }] }],
    },
  };
  if (!isIP(c.host)) out.dns_lookup_family = "V4_PREFERRED";
  if (c.http2) {
    out.typed_extension_protocol_options = {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicit_http_config: { http2_protocol_options: {} },
      },
    };
  }
  return out;
}

function validate(opts: BootstrapOptions): void {
  const names = new Set<string>();
  for (const f of opts.filters) {
    if (!f.name || !/^[A-Za-z0-9_.\-]+$/.test(f.name)) throw new Error(`Invalid filter name ${JSON.stringify(f.name)}`);
    if (names.has(f.name)) throw new Error(`Duplicate filter name ${f.name}`);
    names.add(f.name);
    if (!f.wasmPath && !f.remoteCode) throw new Error(`Filter ${f.name}: wasmPath (or remoteCode) is required`);
  }
  const clusterNames = new Set([UPSTREAM_CLUSTER]);
  for (const c of opts.clusters ?? []) {
    if (clusterNames.has(c.name)) throw new Error(`Duplicate cluster name ${c.name}`);
    clusterNames.add(c.name);
  }
  const listenerNames = new Set([LISTENER_NAME]);
  for (const t of opts.tcpProxies ?? []) {
    if (listenerNames.has(t.name)) throw new Error(`Duplicate listener name ${t.name}`);
    listenerNames.add(t.name);
    if (!clusterNames.has(t.cluster)) throw new Error(`TCP listener ${t.name}: unknown cluster ${t.cluster} (add it to clusters)`);
    for (const f of t.filters) {
      if (names.has(f.name)) throw new Error(`Duplicate filter name ${f.name}`);
      names.add(f.name);
    }
  }
}

/** A TCP proxy listener: its network Wasm filters, then tcp_proxy. */
function tcpProxyListener(t: TcpProxyListener): Json {
  return {
    name: t.name,
    address: socketAddress(t.address ?? "127.0.0.1", t.port),
    filter_chains: [
      {
        filters: [
          ...t.filters.map((f) => ({ name: f.name, typed_config: { "@type": NETWORK_WASM_FILTER_TYPE, config: pluginConfig(f) } })),
          { name: "envoy.filters.network.tcp_proxy", typed_config: { "@type": TCP_PROXY_TYPE, stat_prefix: t.name, cluster: t.cluster } },
        ],
      },
    ],
  };
}

/** The complete bootstrap as a plain object (serialize with toYaml). */
export function buildBootstrap(opts: BootstrapOptions): Record<string, Json> {
  validate(opts);
  const defaults = { allowOnHeadersStopIteration: opts.allowOnHeadersStopIteration };

  const route: Record<string, Json> = { match: { prefix: "/" } };
  if ("upstream" in opts.route) {
    route.route = { cluster: UPSTREAM_CLUSTER, timeout: `${(opts.route.upstream.timeoutMs ?? 15_000) / 1000}s` };
  } else {
    const { status, body } = opts.route.directResponse;
    route.direct_response = body === undefined ? { status } : { status, body: { inline_string: body } };
  }

  const hcm: Record<string, Json> = {
    "@type": HCM_TYPE,
    stat_prefix: HTTP_STAT_PREFIX,
    codec_type: "AUTO",
    route_config: {
      name: "local_route",
      virtual_hosts: [{ name: "all", domains: ["*"], routes: [route] }],
    },
    http_filters: [
      ...opts.filters.map((f) => httpFilter(f, defaults)),
      { name: "envoy.filters.http.router", typed_config: { "@type": ROUTER_TYPE } },
    ],
  };
  if (opts.maxRequestHeadersKb !== undefined) hcm.max_request_headers_kb = opts.maxRequestHeadersKb;
  if (opts.accessLog) {
    const format = opts.accessLog === true ? ACCESS_LOG_FORMAT : opts.accessLog.format;
    hcm.access_log = [
      {
        name: "envoy.access_loggers.stderr",
        typed_config: { "@type": STDERR_LOG_TYPE, log_format: { text_format_source: { inline_string: format } } },
      },
    ];
  }

  const clusters: Json[] = [];
  if ("upstream" in opts.route) {
    clusters.push(cluster({ name: UPSTREAM_CLUSTER, host: opts.route.upstream.host, port: opts.route.upstream.port }));
  }
  for (const c of opts.clusters ?? []) clusters.push(cluster(c));

  return {
    // Required by file-based ECDS (and harmless otherwise); the cluster name shows up in /server_info.
    node: { id: "envoy-as", cluster: "envoy-as" },
    admin: { address: socketAddress(opts.admin.address ?? "127.0.0.1", opts.admin.port) },
    static_resources: {
      listeners: [
        {
          name: LISTENER_NAME,
          address: socketAddress(opts.listener.address ?? "127.0.0.1", opts.listener.port),
          filter_chains: [
            { filters: [{ name: "envoy.filters.network.http_connection_manager", typed_config: hcm }] },
          ],
        },
        ...(opts.tcpProxies ?? []).map(tcpProxyListener),
      ],
      clusters,
    },
  };
}

/** Write the bootstrap to `path`, and the ECDS file of every filter that has one. */
export function writeBootstrap(path: string, opts: BootstrapOptions, header?: string): void {
  const bootstrap = buildBootstrap(opts);
  for (const f of opts.filters) {
    if (f.ecds) writeEcdsFile(f, { allowOnHeadersStopIteration: opts.allowOnHeadersStopIteration });
  }
  writeFileAtomic(path, toYaml(bootstrap, header));
}
