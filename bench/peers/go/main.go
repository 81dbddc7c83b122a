// The bench's add-header filter written with the proxy-wasm Go SDK: the same work as
// bench/filters/add-header (set `x-bench: envoy-as` on every response). Built by `npm run bench`
// (src/bench/modules.ts) with standard Go: GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared.
// The SDK is resolved through the Go module proxy at build time, in a temporary copy of this
// folder; the module path below is swapped for each candidate the bench tries.
package main

import (
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm"
	"github.com/proxy-wasm/proxy-wasm-go-sdk/proxywasm/types"
)

func init() { proxywasm.SetVMContext(&vmContext{}) }

func main() {}

type vmContext struct{ types.DefaultVMContext }

func (*vmContext) NewPluginContext(contextID uint32) types.PluginContext { return &pluginContext{} }

type pluginContext struct{ types.DefaultPluginContext }

func (*pluginContext) NewHttpContext(contextID uint32) types.HttpContext { return &httpContext{} }

type httpContext struct{ types.DefaultHttpContext }

func (*httpContext) OnHttpResponseHeaders(numHeaders int, endOfStream bool) types.Action {
	if err := proxywasm.ReplaceHttpResponseHeader("x-bench", "envoy-as"); err != nil {
		proxywasm.LogCriticalf("add-header: %v", err)
	}
	return types.ActionContinue
}
