export { HotReloader, formatReport, type ChangeKind, type EnvoyHandle, type HotReloaderOptions, type ReloadOutcome, type ReloadReport } from "./reloader.ts";
export { compileDev, type DevCompileResult, type DevOptimize } from "./compiler.ts";
export { readEcdsCounters, awaitEcdsOutcome, type EcdsCounters } from "./ecds.ts";
export { readState, startControlServer, statePath, type DevState } from "./control.ts";
