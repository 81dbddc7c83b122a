// Core SDK scenarios, run on the emulator and on Envoy alike (see test/support/scenario.ts).
import type { Scenario, ScenarioFilter } from "../support/scenario.ts";

const helloWorld: ScenarioFilter = { name: "hello-world", wasm: "hello-world.wasm", configuration: { header: "x-hello", value: "world" } };
const probe: ScenarioFilter = { name: "probe", wasm: "test/probe.wasm", configuration: { scenario: true } };
const sdkApi: ScenarioFilter = { name: "sdk-api", wasm: "test/sdk-api.wasm", configuration: { from: "scenario" } };

export const CORE_SCENARIOS: Scenario[] = [
  {
    name: "hello-world adds its response header and logs the path",
    filter: helloWorld,
    request: { path: "/scenario/hello?q=1" },
    expect: {
      upstream: { method: "GET", path: "/scenario/hello?q=1" },
      response: { status: 200, headers: { "x-hello": "world", "x-echo": "1" } },
      logs: [{ level: "info", contains: "hello-world: /scenario/hello?q=1" }],
    },
  },
  {
    name: "probe passes its configuration upstream in a request header",
    filter: probe,
    request: { path: "/scenario/config" },
    expect: { upstream: { headers: { "x-probe-config": '{"scenario":true}' } }, response: { status: 200 } },
  },
  {
    name: "probe answers locally without the upstream",
    filter: probe,
    request: { path: "/scenario/deny", headers: { "x-probe": "local-reply" } },
    expect: { upstream: false, response: { status: 403, headers: { "x-probe-denied": "yes", "x-echo": null }, json: { denied: true } } },
  },
  {
    name: "probe replaces the buffered request body",
    filter: probe,
    request: { method: "POST", path: "/scenario/body", headers: { "x-probe": "replace-body", "content-type": "text/plain" }, body: "original text" },
    expect: { upstream: { method: "POST", body: "replaced:original text" }, response: { status: 200 } },
  },
  {
    name: "probe appends to the buffered response body",
    filter: probe,
    request: { path: "/scenario/response-body", headers: { "x-probe": "response-body" } },
    expect: { upstream: {}, response: { status: 200, headers: { "x-echo": "1" }, bodyEndsWith: '"body":""}|probed' } },
  },
  {
    name: "sdk-api edits request headers (getAll, add, set, remove)",
    filter: sdkApi,
    request: { path: "/scenario/headers", headers: { "x-op": "headers", "x-remove-me": "gone", "x-multi": "a" } },
    expect: {
      upstream: { headers: { "x-added": "one, two", "x-mixed-case": "lowered", "x-remove-me": null, "x-missing": "null", "x-multi-first": "a", "x-has-multi": "yes" } },
      response: { status: 200, headers: { "x-sdk-op": "headers" } },
    },
  },
  {
    name: "sdk-api sends a local reply whose response path still runs",
    filter: sdkApi,
    request: { path: "/scenario/teapot", headers: { "x-op": "local-reply" } },
    expect: {
      upstream: false,
      response: { status: 418, headers: { "x-teapot": "yes", "x-sdk-op": "local-reply" }, body: "short and stout" },
      logs: [{ level: "info", contains: "sdk-api: log local-reply status 418" }],
    },
  },
  {
    name: "sdk-api reads the request path property and round-trips filter state",
    filter: sdkApi,
    request: { path: "/scenario/props?x=1", headers: { "x-op": "properties" } },
    expect: { upstream: { headers: { "x-prop-path": "/scenario/props?x=1", "x-prop-missing": "null", "x-prop-set": "ok", "x-prop-back": "kept" } }, response: { status: 200 } },
  },
];
