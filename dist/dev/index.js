// Hot reload, for `npm start` and for programs that run their own Envoy (tests, benchmarks):
//
//   const reloader = new HotReloader({ projectRoot, onReport: (r) => console.log(formatReport(r)) });
//   const envoy = await startEnvoy({ filters: await reloader.prepare(), upstream });
//   await reloader.attach(envoy);
//   reloader.watch();                          // or: await reloader.reload("hello-world")
export { HotReloader, formatReport } from "./reloader.js";
export { compileDev } from "./compiler.js";
export { readEcdsCounters, awaitEcdsOutcome } from "./ecds.js";
export { readState, startControlServer, statePath } from "./control.js";
