// The filters the e2e suites run, as the build produces them.
import { filterConfiguration } from "../../../src/envoy/generate.ts";
import type { FailurePolicy } from "../../../src/envoy/config.ts";
import type { FilterUnderTest } from "./target.ts";

/** assembly/filters/hello-world → build/hello-world.wasm; adds `x-hello: world`, logs the path at info. */
export function helloWorld(): FilterUnderTest {
  return {
    name: "hello-world",
    wasm: "hello-world.wasm",
    configuration: filterConfiguration("hello-world", { header: "x-hello", value: "world" }),
  };
}

/**
 * test/fixtures/filters/probe → build/test/probe.wasm. Contract:
 *   {"reject":true}                → onConfigure fails, logs `probe: configuration rejected (reject=true)`
 *   every request                  → request header x-probe-config = the raw configuration string
 *   x-probe: local-reply           → 403 {"denied":true}, header x-probe-denied: yes, details probe_denied
 *   x-probe: trap                  → aborts with `probe trap requested`
 *   x-probe: replace-body          → request body becomes "replaced:" + original body
 *   x-probe: source                → request header x-probe-source = property source.address
 */
export function probe(configuration: unknown = {}, failurePolicy: FailurePolicy = "FAIL_CLOSED"): FilterUnderTest {
  return { name: "probe", wasm: "test/probe.wasm", configuration, failurePolicy };
}

export const PROBE_WASM = "test/probe.wasm";
export const HELLO_WORLD_WASM = "hello-world.wasm";

/** What the echo upstream answers. */
export interface Echo {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A unique path per call, so log assertions cannot match an earlier request. */
let seq = 0;
export function uniquePath(prefix: string): string {
  return `/${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
}
