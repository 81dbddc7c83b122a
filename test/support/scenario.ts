// Differential scenarios: one description of a request and what must come of it, run on the
// host emulator (test/sdk/scenarios.test.ts) and on a real Envoy (test/e2e/scenarios.e2e.test.ts),
// so the emulator's fidelity is checked, not assumed. Where they disagree, Envoy is right.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { expect } from "vitest";
import { FilterTrap, Host } from "../../src/emulator/index.ts";

const BUILD = resolve(import.meta.dirname, "../../build");

/** The filter a scenario runs: a module under build/ and its plugin configuration. */
export interface ScenarioFilter {
  name: string;
  /** Path under build/, e.g. "hello-world.wasm" or "test/probe.wasm". */
  wasm: string;
  rootId?: string;
  configuration?: unknown;
  /**
   * Clusters the filter may call (proxy_http_call), each answering every call with the same
   * response: on the emulator a cluster handler, on Envoy a local HTTP server and a cluster.
   */
  clusters?: Record<string, ClusterAnswer>;
}

/** The fixed response of a scenario cluster. */
export interface ClusterAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  filter: ScenarioFilter;
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string };
  expect: {
    /** false: the filter answered locally. Headers: value, or null for "absent". */
    upstream: false | { method?: string; path?: string; headers?: Record<string, string | null>; body?: string };
    response: { status: number; headers?: Record<string, string | null>; body?: string; bodyEndsWith?: string; json?: unknown };
    /** Substrings that must appear in the filter's logs at that level. */
    logs?: { level: "trace" | "debug" | "info" | "warn" | "error" | "critical"; contains: string }[];
  };
}

/** What a run produced, the same shape for emulator and Envoy. `upstream` is null when the
 * upstream was not reached; its fields are empty when a filter rewrote the echo beyond parsing. */
export interface Outcome {
  upstream: { method: string; path: string; headers: Record<string, string>; body: string } | null;
  response: { status: number; headers: Record<string, string>; body: string };
  /** Log lines by level (messages only). */
  logs: { level: string; message: string }[];
}

/** Header names Envoy adds or changes on its own; never compared unless a scenario names them. */
export const AUTHORITY = "scenario.test";

/** Folds a header list into an object the way Node's HTTP parser does (repeats joined by ", "). */
function fold(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) {
    if (k.startsWith(":")) continue;
    out[k] = k in out ? `${out[k]}, ${v}` : v;
  }
  return out;
}

/** Runs `scenario` through the emulator, with an echo upstream like src/upstream/echo.ts. */
export async function runOnEmulator(scenario: Scenario): Promise<Outcome> {
  const host = new Host();
  for (const [name, answer] of Object.entries(scenario.filter.clusters ?? {})) {
    host.setClusterHandler(name, () => ({ status: answer.status, headers: answer.headers, body: answer.body }));
  }
  const wasm = resolve(BUILD, scenario.filter.wasm);
  if (!existsSync(wasm)) {
    const how = scenario.filter.wasm.startsWith("test/rust/") ? "npx tsx src/testing/rust-corpus.ts build" : "npm run build";
    throw new Error(`${wasm} is missing: run \`${how}\` first`);
  }
  const vm = await host.loadVm(wasm);
  const plugin = vm.createPlugin({ rootId: scenario.filter.rootId ?? scenario.filter.name, configuration: scenario.filter.configuration as object });
  host.clearLogs();
  const { method = "GET", path, headers = {}, body } = scenario.request;
  const stream = plugin.newHttpStream();
  const requestHeaders: [string, string][] = [[":method", method], [":path", path], [":authority", AUTHORITY], [":scheme", "http"]];
  for (const [k, v] of Object.entries(headers)) requestHeaders.push([k.toLowerCase(), v]);
  if (body !== undefined) requestHeaders.push(["content-length", String(Buffer.byteLength(body))]);
  // A trap answers the stream with Envoy's 503 (stream.localResponse); the VM is failed.
  const trapped = (send: () => void) => {
    try {
      send();
    } catch (e) {
      if (!(e instanceof FilterTrap)) throw e;
    }
  };
  trapped(() => stream.sendRequestHeaders(requestHeaders, { endOfStream: body === undefined }));
  if (body !== undefined && !stream.localResponse) trapped(() => stream.sendRequestBody(body, { endOfStream: true }));

  let upstream: Outcome["upstream"] = null;
  if (!stream.localResponse) {
    const sent = fold(stream.requestHeaders);
    upstream = { method: stream.requestHeader(":method")!, path: stream.requestHeader(":path")!, headers: sent, body: body === undefined ? "" : stream.requestBodyText };
    const echo = JSON.stringify(upstream);
    stream.sendResponseHeaders({ ":status": "200", "content-type": "application/json", "content-length": String(Buffer.byteLength(echo)), "x-echo": "1" });
    stream.sendResponseBody(echo, { endOfStream: true });
  }
  stream.complete();
  const responseHeaders = fold(stream.responseHeaders);
  const response = {
    status: Number(stream.responseHeader(":status")),
    headers: responseHeaders,
    body: stream.localResponse && !stream.responseBodyText ? stream.localResponse.bodyText : stream.responseBodyText,
  };
  return { upstream, response, logs: host.logs.map((l) => ({ level: l.levelName, message: l.message })) };
}

/** Checks an outcome against the scenario; `where` ("emulator" / "envoy") prefixes failures. */
export function checkOutcome(scenario: Scenario, outcome: Outcome, where: string): void {
  const want = scenario.expect;
  const label = `${scenario.name} [${where}]`;
  if (want.upstream === false) {
    expect(outcome.upstream, `${label}: must not reach the upstream`).toBeNull();
  } else {
    expect(outcome.upstream, `${label}: must reach the upstream`).not.toBeNull();
    const up = outcome.upstream!;
    if (want.upstream.method) expect(up.method, `${label}: upstream method`).toBe(want.upstream.method);
    if (want.upstream.path) expect(up.path, `${label}: upstream path`).toBe(want.upstream.path);
    if (want.upstream.body !== undefined) expect(up.body, `${label}: upstream body`).toBe(want.upstream.body);
    for (const [k, v] of Object.entries(want.upstream.headers ?? {})) {
      expect(up.headers[k] ?? null, `${label}: upstream header ${k}`).toBe(v);
    }
  }
  expect(outcome.response.status, `${label}: status`).toBe(want.response.status);
  for (const [k, v] of Object.entries(want.response.headers ?? {})) {
    expect(outcome.response.headers[k] ?? null, `${label}: response header ${k}`).toBe(v);
  }
  if (want.response.body !== undefined) expect(outcome.response.body, `${label}: response body`).toBe(want.response.body);
  if (want.response.bodyEndsWith !== undefined) {
    expect(outcome.response.body.endsWith(want.response.bodyEndsWith), `${label}: response body ends with ${want.response.bodyEndsWith}: ${outcome.response.body}`).toBe(true);
  }
  if (want.response.json !== undefined) expect(JSON.parse(outcome.response.body), `${label}: response JSON`).toEqual(want.response.json);
  for (const log of want.logs ?? []) {
    const found = outcome.logs.some((l) => l.level === log.level && l.message.includes(log.contains));
    expect(found, `${label}: expected a ${log.level} log containing ${JSON.stringify(log.contains)}`).toBe(true);
  }
}
