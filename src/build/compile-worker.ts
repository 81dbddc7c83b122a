// A compile thread of src/build/pool.ts: takes {projectRoot, filter, target} messages, compiles
// with compileFilter (writing the module like the in-process path) and answers with the result.
import { parentPort } from "node:worker_threads";
import { compileFilter, type Target } from "./compile.ts";
import type { FilterSource } from "./filters.ts";

export interface CompileJob {
  id: number;
  projectRoot: string;
  filter: FilterSource;
  target: Target;
}

parentPort!.on("message", async (job: CompileJob) => {
  try {
    const r = await compileFilter(job.projectRoot, job.filter, job.target);
    parentPort!.postMessage({ id: job.id, ok: r.ok, diagnostics: r.diagnostics, outFile: r.outFile, contents: [...r.contents], configText: r.configText, millis: r.millis });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, ok: false, diagnostics: "", outFile: "", contents: [], configText: "", millis: 0, error: (err as Error).message });
  }
});
