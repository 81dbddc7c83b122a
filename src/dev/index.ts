// Hot reload, for `npm start` and for programs that run their own Envoy (tests, benchmarks):
//
//   const reloader = new HotReloader({ projectRoot, onReport: (r) => console.log(formatReport(r)) });
//   const envoy = await startEnvoy({ filters: await reloader.prepare(), upstream });
//   await reloader.attach(envoy);
//   reloader.watch(); await reloader.watching(); // or: await reloader.reload("hello-world")
export { HotReloader, formatReport, type ChangeKind, type EnvoyHandle, type HotReloaderOptions, type ReloadOutcome, type ReloadReport } from "./reloader.ts";
export { compileDev, type DevCompileResult, type DevOptimize } from "./compiler.ts";
export { readEcdsCounters, awaitEcdsOutcome, type EcdsCounters } from "./ecds.ts";
export { readState, startControlServer, statePath, type DevState } from "./control.ts";
