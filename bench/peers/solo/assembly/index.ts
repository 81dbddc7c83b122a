// The bench's add-header filter written with solo-io's proxy-runtime 0.1.8 (AssemblyScript 0.17):
// the same work as bench/filters/add-header (set `x-bench: envoy-as` on every response), in the
// shape of proxy-runtime's own README example. Built by `npm run bench` (see bench/peers.ts).
export * from "@solo-io/proxy-runtime/proxy"; // the functions Envoy calls
import { RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context } from "@solo-io/proxy-runtime";

class AddHeaderRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new AddHeader(context_id, this);
  }
}

class AddHeader extends Context {
  constructor(context_id: u32, root_context: AddHeaderRoot) {
    super(context_id, root_context);
  }
  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    stream_context.headers.response.replace("x-bench", "envoy-as");
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => { return new AddHeaderRoot(context_id); }, "add-header");
