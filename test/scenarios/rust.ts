// The Rust corpus (test/fixtures/rust, built by `npx tsx src/testing/rust-corpus.ts build`) on
// the emulator and on Envoy alike (see test/support/scenario.ts): modules nobody here wrote the
// SDK of, built with proxy-wasm 0.2.2 from crates.io.
import type { Scenario, ScenarioFilter } from "../support/scenario.ts";

const rust: ScenarioFilter = {
  name: "rust-http",
  wasm: "test/rust/rust-http.wasm",
  clusters: { compat: { status: 200, headers: { "x-answer": "yes" }, body: "answer body" } },
};

const GRPC = { "content-type": "application/grpc", te: "trailers" };

export const RUST_SCENARIOS: Scenario[] = [
  {
    name: "rust-http: an HTTP callout is answered on the stream (the SDK sets the effective context)",
    filter: rust,
    request: { path: "/rust/callout", headers: { "x-op": "callout" } },
    expect: { upstream: { headers: { "x-rust-call": "200|yes|answer body" } }, response: { status: 200 } },
  },
  {
    name: "rust-http: send_http_response to a plain request",
    filter: rust,
    request: { path: "/rust/local", headers: { "x-op": "local" } },
    expect: { upstream: false, response: { status: 403, headers: { "x-rust": "local", "content-type": "text/plain", "grpc-status": null }, body: "rust denied" } },
  },
  {
    name: "rust-http: send_http_response to a gRPC request becomes a gRPC status",
    filter: rust,
    request: { method: "POST", path: "/rust.Svc/Local", headers: { ...GRPC, "x-op": "local" } },
    expect: { upstream: false, response: { status: 200, headers: { "grpc-status": "7", "grpc-message": "rust denied", "x-rust": "local" }, body: "" } },
  },
  {
    name: "rust-http: send_grpc_response to a gRPC request",
    filter: rust,
    request: { method: "POST", path: "/rust.Svc/Grpc", headers: { ...GRPC, "x-op": "grpc-local" } },
    expect: {
      upstream: false,
      response: { status: 200, headers: { "content-type": "application/grpc", "grpc-status": "7", "grpc-message": "rust denied", "x-rust": "local" }, body: "" },
    },
  },
  {
    name: "rust-http: send_grpc_response to a plain request is a 200 with the message as body and no grpc-status",
    filter: rust,
    request: { path: "/rust/grpc-plain", headers: { "x-op": "grpc-local" } },
    expect: { upstream: false, response: { status: 200, headers: { "grpc-status": null, "x-rust": "local" }, body: "rust denied" } },
  },
  {
    name: "rust-http: shared data with CAS (a stale CAS is CasMismatch)",
    filter: rust,
    request: { path: "/rust/shared", headers: { "x-op": "shared" } },
    expect: { upstream: { headers: { "x-rust-shared": "absent=true;set=ok;cas-set=ok;stale=CasMismatch;final=v2" } }, response: { status: 200 } },
  },
  {
    name: "rust-http: metrics (counter, gauge set and add)",
    filter: rust,
    request: { path: "/rust/metrics", headers: { "x-op": "metrics" } },
    expect: { upstream: { headers: { "x-rust-metrics": "inc=ok;record=ok;add=ok;counter=2;gauge=4" } }, response: { status: 200 } },
  },
  {
    name: "rust-http: properties request.path and plugin_root_id",
    filter: rust,
    request: { path: "/rust/props?q=1", headers: { "x-op": "properties" } },
    expect: { upstream: { headers: { "x-rust-props": "path=/rust/props?q=1;root=rust-http" } }, response: { status: 200 } },
  },
  {
    name: "rust-http: a body filter rewrites the buffered request body",
    filter: rust,
    request: { method: "POST", path: "/rust/body", headers: { "x-op": "body" }, body: "abc" },
    expect: { upstream: { body: "rust:abc" }, response: { status: 200 } },
  },
  {
    name: "rust-http: a panic traps the VM and the request gets a 503",
    filter: rust,
    request: { path: "/rust/trap", headers: { "x-op": "trap" } },
    expect: { upstream: false, response: { status: 503 } },
  },
];
