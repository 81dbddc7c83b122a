// What modules of other SDKs (Go, Rust, G-Core's AS SDK) rely on, made raw by the sdk-compat
// fixture (test/fixtures/filters/sdk-compat), run on the emulator and on Envoy alike (see
// test/support/scenario.ts). Every expectation here was read off Envoy 1.40 first.
import type { Scenario, ScenarioFilter } from "../support/scenario.ts";

const compat: ScenarioFilter = {
  name: "sdk-compat",
  wasm: "test/sdk-compat.wasm",
  clusters: { compat: { status: 200, headers: { "x-answer": "yes" }, body: "answer body" } },
};

/** A gRPC request as Envoy recognises one: content-type application/grpc. */
const GRPC = { "content-type": "application/grpc", te: "trailers" };

export const SDK_COMPAT_SCENARIOS: Scenario[] = [
  {
    name: "sdk-compat: start-up may call fd_prestat_get / fd_prestat_dir_name, and the monotonic clock is not zero",
    filter: compat,
    request: { path: "/compat/start", headers: { "x-op": "start" } },
    expect: { upstream: { headers: { "x-start": "prestat=8;dirname=52;clock=0;mono=nonzero" } }, response: { status: 200 } },
  },
  {
    name: "sdk-compat: sched_yield, poll_oneoff (no events), fd_fdstat_set_flags (ENOSYS) and clock_res_get are linked",
    filter: compat,
    request: { path: "/compat/wasi", headers: { "x-op": "wasi" } },
    expect: {
      upstream: { headers: { "x-wasi": "sched_yield=0;poll_oneoff=0,events=0;fd_fdstat_set_flags=52;clock_res_get=0,res=1" } },
      response: { status: 200 },
    },
  },
  {
    name: "sdk-compat: an HTTP-call answer is readable after proxy_set_effective_context(stream)",
    filter: compat,
    request: { path: "/compat/callout", headers: { "x-op": "callout" } },
    expect: { upstream: { headers: { "x-call": "0|yes|0|answer body" } }, response: { status: 200 } },
  },
  {
    name: "sdk-compat: a local reply to a plain request keeps status and body and drops the gRPC status",
    filter: compat,
    request: { path: "/compat/local", headers: { "x-op": "local", "x-status": "403", "x-body": "denied", "x-grpc-status": "7" } },
    expect: {
      upstream: false,
      response: { status: 403, headers: { "content-type": "text/plain", "grpc-status": null, "x-compat": "local" }, body: "denied" },
    },
  },
  {
    name: "sdk-compat: a local reply to a gRPC request is a 200 with grpc-status mapped from the HTTP status and the body as grpc-message",
    filter: compat,
    request: { method: "POST", path: "/compat.Svc/Call", headers: { ...GRPC, "x-op": "local", "x-status": "403", "x-body": "denied" } },
    expect: {
      upstream: false,
      response: {
        status: 200,
        headers: { "content-type": "application/grpc", "grpc-status": "7", "grpc-message": "denied", "x-compat": "local" },
        body: "",
      },
    },
  },
  {
    name: "sdk-compat: a local reply to a gRPC request with an explicit gRPC status uses it; grpc-message is percent-encoded",
    filter: compat,
    request: { method: "POST", path: "/compat.Svc/Call", headers: { ...GRPC, "x-op": "local", "x-status": "401", "x-body": "who are you? 100%", "x-grpc-status": "16" } },
    expect: {
      upstream: false,
      response: { status: 200, headers: { "content-type": "application/grpc", "grpc-status": "16", "grpc-message": "who are you? 100%25" }, body: "" },
    },
  },
  {
    name: "sdk-compat: a local reply to a gRPC request for an unmapped status gives grpc-status 2 (Unknown)",
    filter: compat,
    request: { method: "POST", path: "/compat.Svc/Call", headers: { ...GRPC, "x-op": "local", "x-status": "418", "x-body": "" } },
    expect: {
      upstream: false,
      response: { status: 200, headers: { "content-type": "application/grpc", "grpc-status": "2", "grpc-message": null }, body: "" },
    },
  },
  {
    name: "sdk-compat: a second local reply sent while the first is encoded replaces the response",
    filter: compat,
    request: { path: "/compat/twice", headers: { "x-op": "local-twice" } },
    expect: {
      upstream: false,
      response: { status: 418, headers: { "x-compat": "second" }, body: "second" },
      logs: [{ level: "info", contains: "sdk-compat: second local reply while the first is encoded" }],
    },
  },
  {
    name: "sdk-compat: the foreign functions compress and uncompress are zlib",
    filter: compat,
    request: { path: "/compat/zlib", headers: { "x-op": "zlib-roundtrip", "x-arg": "hello hello hello hello" } },
    expect: { upstream: { headers: { "x-roundtrip": "0|0|hello hello hello hello" } }, response: { status: 200 } },
  },
  {
    name: "sdk-compat: compress returns zlib bytes (RFC 1950 header 78 9c)",
    filter: compat,
    request: { path: "/compat/compress", headers: { "x-op": "foreign", "x-fn": "compress", "x-arg": "abcabcabcabc" } },
    expect: { upstream: { headers: { "x-foreign": "0|789c4b4c4a4e8421001de00499" } }, response: { status: 200 } },
  },
  {
    name: "sdk-compat: uncompress of bytes that are not zlib is SerializationFailure (3)",
    filter: compat,
    request: { path: "/compat/uncompress", headers: { "x-op": "foreign", "x-fn": "uncompress", "x-arg": "not zlib" } },
    expect: { upstream: { headers: { "x-foreign": "3|" } }, response: { status: 200 } },
  },
  {
    name: "sdk-compat: a foreign function Envoy does not register is NotFound (1)",
    filter: compat,
    request: { path: "/compat/unknown", headers: { "x-op": "foreign", "x-fn": "no_such_function", "x-arg": "" } },
    expect: { upstream: { headers: { "x-foreign": "1|" } }, response: { status: 200 } },
  },
];
