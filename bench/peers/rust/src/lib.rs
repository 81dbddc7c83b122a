// The bench's add-header filter written with the proxy-wasm Rust SDK: the same work as
// bench/filters/add-header (set `x-bench: envoy-as` on every response), in the SDK's usual
// shape (a root context that creates one HTTP context per stream). Built by `npm run bench`
// (src/bench/rust.ts) with Debian's cargo and rustc for wasm32-wasi, cached per machine.
use proxy_wasm::traits::{Context, HttpContext, RootContext};
use proxy_wasm::types::{Action, ContextType, LogLevel};

proxy_wasm::main! {{
    proxy_wasm::set_log_level(LogLevel::Warn);
    proxy_wasm::set_root_context(|_| -> Box<dyn RootContext> { Box::new(AddHeaderRoot) });
}}

struct AddHeaderRoot;

impl Context for AddHeaderRoot {}

impl RootContext for AddHeaderRoot {
    fn create_http_context(&self, _context_id: u32) -> Option<Box<dyn HttpContext>> {
        Some(Box::new(AddHeader))
    }

    fn get_type(&self) -> Option<ContextType> {
        Some(ContextType::HttpContext)
    }
}

struct AddHeader;

impl Context for AddHeader {}

impl HttpContext for AddHeader {
    fn on_http_response_headers(&mut self, _num_headers: usize, _end_of_stream: bool) -> Action {
        // proxy_replace_header_map_value on the response headers, as header_mutation's
        // OVERWRITE_IF_EXISTS_OR_ADD does.
        self.set_http_response_header("x-bench", Some("envoy-as"));
        Action::Continue
    }
}
