// What `start` serves and wires: the built and the named filters, the clusters their
// configurations call out to (pointed at the echo upstream), which are hot-reloaded, the fixed
// ports checked up front, and the example requests it prints.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { lookupFilter, projectFilters, readConfigFile, type FilterRef } from "../build/catalog.ts";
import { assertPortFree } from "../util/ports.ts";
import type { StartOptions } from "./start-args.ts";

/** Built filters: build/<name>.wasm, excluding <name>.debug.wasm. */
export function builtFilters(buildDir: string): string[] {
  if (!existsSync(buildDir)) return [];
  return readdirSync(buildDir)
    .filter((f) => f.endsWith(".wasm") && !f.endsWith(".debug.wasm"))
    .map((f) => f.slice(0, -".wasm".length))
    .sort();
}

/**
 * Cluster names the filters' configurations call out to (any "cluster" field), e.g. the auth
 * sample's remote JWKS "idp". The demo points them at the echo upstream so callouts resolve.
 */
export function referencedClusters(configurations: unknown[]): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "cluster" && typeof x === "string" && x !== "upstream") names.add(x);
        else walk(x);
      }
    }
  };
  configurations.forEach(walk);
  return [...names].sort();
}

/**
 * The clusters of the demo bootstrap: each `--cluster NAME=HOST:PORT`, and every other cluster a
 * configuration names, pointed at the echo upstream (so a callout resolves and answers with what
 * it was sent). Clusters are fixed when Envoy starts: a configuration reloaded later that names a
 * new cluster needs a restart (or a --cluster).
 */
export function demoClusters(configurations: unknown[], declared: Record<string, { host: string; port: number }>, echoPort: number): { name: string; host: string; port: number }[] {
  const names = new Set([...Object.keys(declared), ...referencedClusters(configurations)]);
  return [...names].sort().map((name) => ({ name, ...(declared[name] ?? { host: "127.0.0.1", port: echoPort }) }));
}

/** Clusters the filter's config.json names that are not among `known` (a reload cannot add clusters). */
export function clustersMissing(projectRoot: string, filter: string, known: Set<string>): string[] {
  const file = join(projectRoot, "assembly/filters", filter, "config.json");
  if (!existsSync(file)) return [];
  try {
    return referencedClusters([readConfigFile(file)]).filter((c) => !known.has(c));
  } catch {
    return []; // an unreadable configuration was reported by the reload itself
  }
}

/** Example requests for the filters being served (the sample configurations' behaviour). */
export function tryLines(filters: string[], url: string): string[] {
  if (!filters.includes("auth")) return [`try:  curl -i ${url}/hello`];
  const lines = [
    `try:  curl -i ${url}/public/hello                                    # auth lets /public/ through${filters.includes("hello-world") ? "; hello-world adds x-hello" : ""}`,
    `      curl -i ${url}/api/orders                                      # auth: 401 with WWW-Authenticate`,
    `      curl -i -H 'x-api-key: acme-demo-key-0001' ${url}/api/orders   # 200; the upstream sees x-consumer: acme${filters.includes("rate-limit") ? "; X-RateLimit-* headers" : ""}`,
  ];
  if (filters.includes("header-rewrite")) lines.push(`      curl -i -H 'x-api-key: acme-demo-key-0001' '${url}/v1/items?debug=1'   # header-rewrite: upstream path /api/v1/items`);
  return lines;
}

/**
 * The filters `start` serves: the named ones (the project's, else shipped with envoy-as), or
 * every filter of the project. Throws UnknownFilterError / an error saying how to add one.
 */
export function servedFilters(projectRoot: string, names?: string[]): FilterRef[] {
  if (names?.length) return names.map((n) => lookupFilter(projectRoot, n));
  const own = projectFilters(projectRoot);
  if (own.length === 0) {
    throw new Error(`no filters in ${join(projectRoot, "assembly/filters")}/: add one with \`npx envoy-as init my-filter\`, or serve a shipped one: \`npx envoy-as start --filter auth --config ./auth.json\``);
  }
  return own;
}

/** Filters with sources in the project are hot-reloaded (with --watch), unless their configuration comes from --config. */
export function hotReloaded(o: Pick<StartOptions, "watch" | "configs">, ref: FilterRef): boolean {
  return !!o.watch && ref.origin === "project" && !o.configs?.[ref.name];
}

/** Fixed ports must be free: checked first, so the error names the port instead of Envoy's "cannot bind". */
export async function checkPorts(o: Pick<StartOptions, "listenerPort" | "adminPort" | "upstreamPort">): Promise<void> {
  const listenerPort = o.listenerPort ?? 10000, adminPort = o.adminPort ?? 9901, upstreamPort = o.upstreamPort ?? 8081;
  if (listenerPort) await assertPortFree(listenerPort, "127.0.0.1", "listener port (--port)");
  if (adminPort) await assertPortFree(adminPort, "127.0.0.1", "admin port (--admin-port)");
  if (upstreamPort) await assertPortFree(upstreamPort, "127.0.0.1", "upstream port (--upstream-port)");
}
