// SDK breadth scenarios (shared data, metrics, callout refusals, foreign functions), run on the
// emulator and on Envoy alike (see test/support/scenario.ts). Each op reports its results in
// request headers the echo upstream returns.
import type { Scenario, ScenarioFilter } from "../support/scenario.ts";

const breadth: ScenarioFilter = { name: "sdk-breadth", wasm: "test/sdk-breadth.wasm", configuration: { cluster: "authz" } };

export const BREADTH_SCENARIOS: Scenario[] = [
  {
    name: "sdk-breadth: shared data get/set with cas (NotFound, Ok, CasMismatch 8, unconditional cas 0)",
    filter: breadth,
    request: { path: "/scenario/shared", headers: { "x-op": "shared", "x-key": "scenario" } },
    expect: {
      upstream: { headers: { "x-shared": "absent=1;set=0;get=v1,cas>0;cas-set=0;stale=8;now=v2,new-cas;force=0;final=v4" } },
      response: { status: 200 },
    },
  },
  {
    name: "sdk-breadth: metrics (counter delta 0 is BadArgument, gauge add/set, type in the id's low bits)",
    filter: breadth,
    request: { path: "/scenario/metrics", headers: { "x-op": "metrics" } },
    expect: {
      upstream: { headers: { "x-metrics": "inc0=2;inc2=0;counter=2;gset=0;gadd=0;gauge=7;hrec=0", "x-metric-ids": "0,1,2" } },
      response: { status: 200 },
    },
  },
  {
    name: "sdk-breadth: a callout without :authority is refused by the SDK, one to an unknown cluster by the host",
    filter: breadth,
    request: { path: "/scenario/callout-missing", headers: { "x-op": "callout-missing" } },
    expect: {
      upstream: { headers: { "x-callout-result": "2|dispatchHttpCall to authz: missing required header :authority (need :method, :path and :authority)" } },
      response: { status: 200 },
      logs: [{ level: "error", contains: "missing required header :authority" }],
    },
  },
  {
    name: "sdk-breadth: a callout to an unknown cluster gets BadArgument and token 0",
    filter: breadth,
    request: { path: "/scenario/callout-unknown", headers: { "x-op": "callout-unknown" } },
    expect: { upstream: { headers: { "x-callout-result": "2|0" } }, response: { status: 200 } },
  },
  {
    name: "sdk-breadth: clear_route_cache is Ok, an unknown foreign function NotFound",
    filter: breadth,
    request: { path: "/scenario/foreign", headers: { "x-op": "foreign" } },
    expect: { upstream: { headers: { "x-foreign": "0,1" } }, response: { status: 200 } },
  },
];
