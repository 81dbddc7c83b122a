// What startEnvoy is asked for, and how that becomes a bootstrap and a command line.
import { buildBootstrap, writeEcdsFile, type BootstrapOptions, type Cluster, type TcpProxyListener, type WasmFilter } from "./config.ts";

export interface StartEnvoyOptions {
  /** A complete bootstrap object (e.g. from buildBootstrap) ... */
  bootstrap?: Record<string, unknown>;
  /** ... or a bootstrap file on disk ... */
  bootstrapPath?: string;
  /** ... or the pieces, built with buildBootstrap: filters + upstream | directResponse. */
  filters?: WasmFilter[];
  upstream?: { host: string; port: number; timeoutMs?: number };
  directResponse?: { status: number; body?: string };
  clusters?: Cluster[];
  /** TCP listeners with network Wasm filters before tcp_proxy (ports read back into listenerPorts). */
  tcpProxies?: TcpProxyListener[];
  allowOnHeadersStopIteration?: boolean;
  accessLog?: boolean;
  /** The HTTP connection manager's max_request_headers_kb for the built bootstrap (Envoy's default: 60). */
  maxRequestHeadersKb?: number;
  /** Listener / admin ports for the built bootstrap. Default 0 (ephemeral, read back after start). */
  listenerPort?: number;
  adminPort?: number;
  /** Bind address of listener and admin for the built bootstrap. Default 127.0.0.1. */
  address?: string;

  /** Worker threads (--concurrency). Default: Envoy's own (one per core). */
  concurrency?: number;
  /** --log-level. Default info. */
  logLevel?: "trace" | "debug" | "info" | "warning" | "error" | "critical" | "off";
  /** --component-log-level, e.g. "wasm:debug,http:debug". */
  componentLogLevel?: string;
  /** How often Envoy flushes access logs written to stderr/files (--file-flush-interval-msec). Default 250 (Envoy: 10 s). */
  fileFlushIntervalMs?: number;
  /** More command-line arguments. */
  args?: string[];
  /** Envoy binary. Default: ensureEnvoy(). */
  envoyBin?: string;
  /** Working directory of Envoy (relative paths in the bootstrap resolve against it). Default process.cwd(). */
  cwd?: string;
  /** How long to wait for /ready = LIVE. Default 60 s. */
  startTimeoutMs?: number;
  /** SIGTERM grace before SIGKILL in stop(). Default 5 s. */
  stopGraceMs?: number;
  /** Mirror Envoy's log to our stderr as it comes. Default false. */
  echoLogs?: boolean;
  /** Called with each chunk of Envoy's log output as it arrives. */
  onLog?: (chunk: string) => void;
}

/** The bootstrap for `filters` + `upstream` | `directResponse` (writing ECDS files of filters that use them). */
export function buildFromPieces(o: StartEnvoyOptions): Record<string, unknown> {
  if (!o.filters) throw new Error("startEnvoy: give bootstrap, bootstrapPath, or filters (+ upstream | directResponse)");
  const route: BootstrapOptions["route"] | undefined = o.upstream
    ? { upstream: o.upstream }
    : o.directResponse
      ? { directResponse: o.directResponse }
      : undefined;
  if (!route) throw new Error("startEnvoy: filters need an upstream or a directResponse");
  const opts: BootstrapOptions = {
    filters: o.filters,
    listener: { address: o.address, port: o.listenerPort ?? 0 },
    admin: { address: o.address, port: o.adminPort ?? 0 },
    route,
    clusters: o.clusters,
    tcpProxies: o.tcpProxies,
    allowOnHeadersStopIteration: o.allowOnHeadersStopIteration,
    accessLog: o.accessLog,
    maxRequestHeadersKb: o.maxRequestHeadersKb,
  };
  for (const f of o.filters) if (f.ecds) writeEcdsFile(f, { allowOnHeadersStopIteration: o.allowOnHeadersStopIteration });
  return buildBootstrap(opts);
}

/** Envoy's command line for a bootstrap file, the admin address file and the options. */
export function envoyArgs(bootstrapPath: string, adminAddressPath: string, o: StartEnvoyOptions): string[] {
  return [
    "-c", bootstrapPath,
    "--admin-address-path", adminAddressPath,
    "--disable-hot-restart",
    "--log-level", o.logLevel ?? "info",
    "--file-flush-interval-msec", String(o.fileFlushIntervalMs ?? 250),
    ...(o.componentLogLevel ? ["--component-log-level", o.componentLogLevel] : []),
    ...(o.concurrency !== undefined ? ["--concurrency", String(o.concurrency)] : []),
    ...(o.args ?? []),
  ];
}
