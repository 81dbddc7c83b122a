// Two steps of a reload that need nothing of the reloader but their inputs: the dev compile of one
// filter (with the build's import checks), and Envoy's reason for rejecting an update.
import { relative } from "node:path";
import { inspectModule } from "../build/inspect.ts";
import { waitFor } from "../util/wait.ts";
import { compileDev, type DevOptimize } from "./compiler.ts";
import { rejectionReason } from "./ecds.ts";
import type { Compiled, FilterState } from "./reloader-state.ts";

/** Compiles the filter for dev; records in `st` the files it read and, on success, the result. */
export async function compileFilter(projectRoot: string, st: FilterState, optimize: DevOptimize | undefined): Promise<Compiled | { error: string }> {
  const result = await compileDev(projectRoot, st.source, optimize);
  if (!result.ok || !result.binary) {
    st.deps = undefined;
    return { error: `${relative(projectRoot, st.source.entry)} failed to compile:\n${result.diagnostics}` };
  }
  st.deps = new Set(result.deps);
  const problems = inspectModule(result.binary, `${st.source.name} (dev build)`).problems;
  if (problems.length) return { error: problems.join("\n") };
  st.compiled = { inputHash: result.inputHash, deps: result.deps, binary: result.binary, phases: result.phases };
  return st.compiled;
}

/** Envoy's log lines explaining a rejection (log from offset `mark`); waits briefly for them to arrive through the pipe. */
export async function envoyReason(logs: (() => string) | undefined, name: string, mark: number): Promise<string[]> {
  if (!logs) return [`Envoy rejected the update of ${name} (its log is not available here)`];
  const since = () => {
    const all = logs();
    return all.length >= mark ? all.slice(mark) : all; // the launcher trims very long logs
  };
  await waitFor(() => /config update rejected/.test(since()), { timeoutMs: 1000, intervalMs: 10, what: "Envoy's rejection line" }).catch(() => undefined); // reasons from what arrived
  return rejectionReason(since(), name);
}
