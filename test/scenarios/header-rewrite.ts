// header-rewrite scenarios, run on the emulator and on Envoy alike (see test/support/scenario.ts).
import type { Scenario, ScenarioFilter } from "../support/scenario.ts";

const headerRewrite: ScenarioFilter = {
  name: "header-rewrite",
  wasm: "header-rewrite.wasm",
  configuration: {
    mode: "all",
    on_missing: "skip",
    rules: [
      {
        name: "v1-to-api",
        match: { path: { regex: "^/v(\\d+)/(.*)$" }, method: ["GET", "POST"] },
        request: {
          path: { prefix: { from: "/v1/", to: "/api/v1/" } },
          headers: [{ op: "set", name: "x-api-version", value: "${path.capture.1}" }],
          query: [{ op: "remove", name: "debug" }, { op: "set", name: "source", value: "edge" }],
        },
      },
      {
        name: "tagging",
        match: { headers: [{ name: "x-tag", present: true }] },
        request: {
          headers: [
            { op: "rename", name: "x-tag", to: "x-tagged" },
            { op: "append", name: "x-seen-by", value: "rewrite-${request.method}" },
            { op: "set_if_absent", name: "x-default", value: "filled" },
            { op: "set", name: "x-from-missing", value: "${request.header.x-absent}" },
          ],
        },
        response: { headers: [{ op: "set", name: "x-response-tag", value: "tag:${request.header.x-tagged}" }, { op: "remove", name: "content-type" }] },
      },
    ],
  },
};

export const HEADER_REWRITE_SCENARIOS: Scenario[] = [
  {
    name: "header-rewrite moves /v1/ under /api/v1/, edits the query and sets a header from a capture",
    filter: headerRewrite,
    request: { path: "/v1/items/7?debug=1&keep=yes" },
    expect: {
      upstream: { path: "/api/v1/items/7?keep=yes&source=edge", headers: { "x-api-version": "1" } },
      response: { status: 200 },
    },
  },
  {
    name: "header-rewrite leaves a non-matching request alone",
    filter: headerRewrite,
    request: { method: "DELETE", path: "/v1/items/7?debug=1" },
    expect: { upstream: { method: "DELETE", path: "/v1/items/7?debug=1", headers: { "x-api-version": null } }, response: { status: 200 } },
  },
  {
    name: "header-rewrite renames, appends, sets if absent, skips a missing reference, and edits the response",
    filter: headerRewrite,
    request: { path: "/things", headers: { "x-tag": "blue", "x-seen-by": "client", "x-default": "mine" } },
    expect: {
      upstream: { headers: { "x-tag": null, "x-tagged": "blue", "x-seen-by": "client, rewrite-GET", "x-default": "mine", "x-from-missing": null } },
      response: { status: 200, headers: { "x-response-tag": "tag:blue", "content-type": null } },
    },
  },
];
