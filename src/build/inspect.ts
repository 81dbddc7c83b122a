// Checks a compiled module against what Envoy links: only `env.proxy_*` and WASI imports, an
// ABI version marker, and an allocator export. A module failing these would be refused by
// Envoy at load time ("missing import", "no ABI version"), so the build refuses it first.

/** Module names whose imports Envoy provides. */
const WASI_MODULES = new Set(["wasi_snapshot_preview1", "wasi_unstable"]);
const ABI_MARKERS = ["proxy_abi_version_0_2_1", "proxy_abi_version_0_2_0", "proxy_abi_version_0_1_0"];
const ALLOCATORS = ["malloc", "proxy_on_memory_allocate"];

/** Advice for imports AssemblyScript emits that Envoy lacks. */
const ADVICE: Record<string, string> = {
  "env.abort": "build with `envoy-as build` (it routes abort to the SDK's proxy_log handler) and import the SDK by its package name, \"envoy-as\"",
  "env.trace": "build with the project's asconfig.json (it routes trace() to proxy_log), or remove the trace() call",
  "env.seed": "build with the project's asconfig.json (it seeds Math.random from WASI random_get)",
  "env.Date.now": "Envoy has no Date.now: use currentTimeNanos() / currentTimeMillis() from the SDK",
};

/**
 * Host functions whose results arrive through a callback: a module importing the first must
 * export the second, or Envoy silently drops the results. `group` is the SDK export module
 * that provides the callback.
 */
const CALLBACK_PAIRS: { imports: string[]; callback: string; group: string }[] = [
  { imports: ["proxy_http_call"], callback: "proxy_on_http_call_response", group: "exports-root" },
  { imports: ["proxy_register_shared_queue"], callback: "proxy_on_queue_ready", group: "exports-root" },
  { imports: ["proxy_grpc_call", "proxy_grpc_stream"], callback: "proxy_on_grpc_close", group: "exports-grpc" },
  { imports: ["proxy_set_tick_period_milliseconds"], callback: "proxy_on_tick", group: "exports-http" },
];

export interface ModuleReport {
  imports: string[];
  exports: string[];
  abi: string | undefined;
  problems: string[];
}

/** True if Envoy provides this import. */
export function isAllowedImport(module: string, name: string): boolean {
  return (module === "env" && name.startsWith("proxy_")) || WASI_MODULES.has(module);
}

/** Inspects `bytes` (a .wasm) and lists every reason Envoy would refuse it; `file` names it in messages. */
export function inspectModule(bytes: Uint8Array, file: string): ModuleReport {
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  } catch (e) {
    return { imports: [], exports: [], abi: undefined, problems: [`${file}: not a valid WebAssembly module: ${(e as Error).message}`] };
  }
  const imports = WebAssembly.Module.imports(module);
  const exports = WebAssembly.Module.exports(module).map((e) => e.name);
  const problems: string[] = [];
  for (const imp of imports) {
    if (isAllowedImport(imp.module, imp.name)) continue;
    const id = `${imp.module}.${imp.name}`;
    const advice = ADVICE[id] ?? "Envoy links only env.proxy_* and WASI functions; remove what pulls it in";
    problems.push(`${file}: imports ${id}, which Envoy does not provide: ${advice}`);
  }
  for (const pair of CALLBACK_PAIRS) {
    const used = pair.imports.find((name) => imports.some((i) => i.module === "env" && i.name === name));
    if (used && !exports.includes(pair.callback)) {
      problems.push(`${file}: calls ${used} but does not export ${pair.callback}, so its results would never arrive; add \`export * from "envoy-as/sdk/abi/${pair.group}";\` (or re-export "envoy-as/sdk/abi/exports", every group) to the filter's index.ts`);
    }
  }
  const abi = ABI_MARKERS.find((m) => exports.includes(m));
  if (!abi) {
    problems.push(`${file}: exports no ABI version marker (${ABI_MARKERS[0]}); add \`export * from "envoy-as/sdk/abi/exports";\` to the filter's index.ts`);
  }
  if (!ALLOCATORS.some((a) => exports.includes(a))) {
    problems.push(`${file}: exports no allocator (proxy_on_memory_allocate or malloc); add \`export * from "envoy-as/sdk/abi/exports";\` to the filter's index.ts`);
  }
  return { imports: imports.map((i) => `${i.module}.${i.name}`), exports, abi: abi?.replace("proxy_abi_version_", "").replaceAll("_", "."), problems };
}
