// The exports Envoy calls, under the module name @solo-io/proxy-runtime filters import them
// from: `export * from "@solo-io/proxy-runtime/proxy"` becomes
// `export * from "<path>/assembly/compat/solo/proxy"`.
export * from "../../sdk/abi/exports";
