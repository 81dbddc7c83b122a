// add-header: the benchmark's reference filter. It does the same work as Envoy's native
// header_mutation in the bench (set `x-bench: envoy-as` on every response) and as the peers'
// versions in bench/peers/, so the three can be compared side by side. Not a product filter:
// it lives under bench/ and is built by `npm run bench` only (bench/build.ts).
import { HeadersAction, HttpContext, RootContext, registerRootContext, response } from "envoy-as";

export * from "envoy-as/sdk/abi/exports-http"; // HTTP only, no callouts: the lean set

class AddHeader extends RootContext {
  newHttpContext(contextId: u32): HttpContext {
    return new AddHeaderStream(contextId, this);
  }
}

class AddHeaderStream extends HttpContext {
  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    response.headers.set("x-bench", "envoy-as");
    return HeadersAction.Continue;
  }
}

registerRootContext("add-header", (id: u32): RootContext => new AddHeader(id));
