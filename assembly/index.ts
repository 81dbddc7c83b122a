// `import { … } from "envoy-as"`: the guest SDK's public API (assembly/sdk/index.ts). The rest of
// the package is reached by path: "envoy-as/sdk/json", "envoy-as/sdk/abi/exports-http",
// "envoy-as/lib/regex", "envoy-as/lib/crypto", "envoy-as/lib/config", "envoy-as/compat/solo".
export * from "./sdk/index";
