// What the e2e harnesses share: the types a test sees (Harness, Target, FilterUnderTest), the
// bootstrap a container Envoy runs, and waiting on an Envoy seen only through admin and its log.
import { join } from "node:path";
import { buildBootstrap, toYaml, type Cluster, type FailurePolicy, type WasmFilter } from "../../../src/envoy/config.ts";
import { PACKAGE_ROOT } from "../../../src/paths.ts";
import { tail } from "../../../src/util/process.ts";
import { waitFor } from "../../../src/util/wait.ts";

export type Mode = "local" | "testcontainers" | "compose";

export const BUILD_DIR = join(PACKAGE_ROOT, "build");
export const ENVOY_IMAGE = process.env.ENVOY_IMAGE || "localhost/envoy:1.40.0";
export const UPSTREAM_IMAGE = process.env.UPSTREAM_IMAGE || "localhost/envoy-as-upstream:dev";
/** Listener and admin ports inside the Envoy container. */
export const C_LISTENER = 10000;
export const C_ADMIN = 9901;

/** A filter to run: its module is build/<wasm>. */
export interface FilterUnderTest {
  name: string;
  /** Path under build/, e.g. "hello-world.wasm" or "test/probe.wasm". */
  wasm: string;
  configuration?: unknown;
  rawConfiguration?: string;
  rootId?: string;
  vmId?: string;
  failurePolicy?: FailurePolicy;
}

export interface Target {
  mode: Mode;
  /** Listener base URL, e.g. http://127.0.0.1:12345 (no trailing slash). */
  url: string;
  adminUrl: string;
  stats(): Promise<Map<string, number>>;
  stat(name: string): Promise<number | undefined>;
  /** Envoy's log so far. */
  logs(): Promise<string>;
  /** Poll the log until `re` matches; returns the match. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/** Extra Envoy settings for one target (local mode only; other modes reject them). */
export interface TargetOptions {
  /** More clusters, e.g. callout targets on 127.0.0.1 started by the test. */
  clusters?: Cluster[];
  /** Worker threads (--concurrency). Default 1. */
  concurrency?: number;
  /** --component-log-level, e.g. "wasm:debug". */
  componentLogLevel?: string;
  /** The HTTP connection manager's max_request_headers_kb (Envoy's default: 60), e.g. to let a longer :path reach the filters. */
  maxRequestHeadersKb?: number;
}

export interface Harness {
  mode: Mode;
  /** Start Envoy with these filters in front of the echo upstream; resolves when admin /ready is LIVE. */
  start(filters: FilterUnderTest[], options?: TargetOptions): Promise<Target>;
  /** Start Envoy expecting it to refuse to start; resolves with its log, rejects if it did start. */
  startExpectingFailure(filters: FilterUnderTest[]): Promise<string>;
  /** Stop every target and the shared upstream. */
  close(): Promise<void>;
}

/** Compose mode can also run the shipped demo unchanged (envoy/demo.yaml + build/ as the compose file mounts them). */
export interface ComposeHarness extends Harness {
  start(filters: FilterUnderTest[] | null): Promise<Target>;
  startShippedDemo(): Promise<Target>;
}

/** TargetOptions need the local launcher (clusters on 127.0.0.1, --concurrency); refuse them elsewhere. */
export function localOnly(options: TargetOptions | undefined): void {
  if (options && Object.keys(options).length) throw new Error(`TargetOptions (${Object.keys(options).join(", ")}) are supported in ENVOY_TEST_MODE=local only`);
}

/** The launcher's filter list for modules under `buildDir`. */
export function toWasmFilters(filters: FilterUnderTest[], buildDir: string): WasmFilter[] {
  return filters.map((f) => ({
    name: f.name,
    wasmPath: `${buildDir}/${f.wasm}`,
    configuration: f.configuration,
    rawConfiguration: f.rawConfiguration,
    rootId: f.rootId,
    vmId: f.vmId,
    failurePolicy: f.failurePolicy ?? "FAIL_CLOSED",
  }));
}

/** The bootstrap of a container Envoy: build/ mounted at /build, the upstream container as "upstream". */
export function containerBootstrap(filters: FilterUnderTest[]): string {
  return toYaml(
    buildBootstrap({
      filters: toWasmFilters(filters, "/build"),
      listener: { address: "0.0.0.0", port: C_LISTENER },
      admin: { address: "0.0.0.0", port: C_ADMIN },
      route: { upstream: { host: "upstream", port: 8081 } },
      accessLog: true,
    }),
  );
}

/** Poll `get` until it returns a match or the time is up. */
export async function pollLog(get: () => Promise<string>, re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  let text = "";
  return waitFor(async () => (text = await get()).match(re), {
    timeoutMs,
    intervalMs: 100,
    what: `${re} in Envoy's log`,
    detail: () => `--- last lines ---\n${tail(text)}`,
  });
}

/**
 * Waits until Envoy's "upstream" cluster has a healthy host. Containers reach the upstream by DNS
 * name; when the container network's DNS answers late, Envoy comes up LIVE with an empty cluster
 * and re-resolves only after its refresh interval, so the first requests would get 503.
 */
export async function waitForUpstreamHost(adminUrl: string, timeoutMs = 20_000): Promise<void> {
  let text = "";
  await waitFor(
    async () => {
      const res = await fetch(`${adminUrl}/clusters`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      text = res?.ok ? await res.text() : "";
      return /^upstream::[^\n]*::health_flags::healthy$/m.test(text);
    },
    {
      timeoutMs,
      intervalMs: 100,
      what: `a healthy host in Envoy's upstream cluster (does the container network resolve "upstream"? \`npx tsx src/testing/container-probe.ts\` tells)`,
      detail: () => text.split("\n").filter((l) => l.startsWith("upstream::")).join("\n"),
    },
  );
}
