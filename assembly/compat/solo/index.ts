// A migration facade for filters written against @solo-io/proxy-runtime: the same class,
// function and enum names, so such a filter builds on envoy-as by changing only its imports:
//
//   export * from "@solo-io/proxy-runtime/proxy";          →  export * from "<…>/assembly/compat/solo/proxy";
//   import { RootContext, … } from "@solo-io/proxy-runtime"; →  import { RootContext, … } from "<…>/assembly/compat/solo";
//
// Differences from proxy-runtime, all toward what Envoy does: header map and buffer numbers are
// ABI 0.2.1's; the gRPC imports have their real 12/9 parameters; a failed host call returns its
// WasmResult instead of aborting the VM; httpCall callbacks run with the calling stream made
// effective, and `stream_context.headers.http_callback` / get_buffer_bytes(HttpCallResponseBody)
// read a snapshot of the response (Envoy serves it only to the root context). For new code
// use the envoy-as SDK (assembly/sdk) directly.
export * from "./enums";
export { HeaderPair, Headers, makeHeaderPair, stream_context, HeaderStreamManipulator, HeaderStreamContext, StreamContext } from "./headers";
export {
  log, send_local_response, continue_request, continue_response, get_property, set_property,
  get_buffer_bytes, set_buffer_bytes, set_tick_period_milliseconds, get_current_time_nanoseconds,
} from "./functions";
export { BaseContext, RootContext, Context, registerRootContext } from "./contexts";
