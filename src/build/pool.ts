// Compiles several modules at once on worker threads, one asc per thread (a 2-core machine
// builds two filters in the time of one). Each thread keeps its compiler loaded for the next job.
// A checkout runs the TypeScript worker through tsx; the package runs dist/build/compile-worker.js.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { CompileResult, Target } from "./compile.ts";
import type { FilterSource } from "./filters.ts";

export interface PoolJob {
  filter: FilterSource;
  target: Target;
}

/**
 * Threads to use for `jobs` compiles: one per core, at most one per job, when the toolchain runs
 * as compiled JavaScript (the package). From TypeScript sources (a checkout, tests) each thread
 * would first transpile the toolchain again through tsx, which costs more than it saves on a
 * small machine: there, compiles run in this thread unless threads are asked for.
 */
export function threadsFor(jobs: number): number {
  if (import.meta.url.endsWith(".ts")) return 1;
  return Math.max(1, Math.min(jobs, availableParallelism()));
}

function startWorker(): Worker {
  const own = import.meta.url;
  if (own.endsWith(".ts")) {
    const tsx = import.meta.resolve("tsx/esm/api");
    const worker = new URL("./compile-worker.ts", own).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`, { eval: true });
  }
  return new Worker(new URL("./compile-worker.js", own));
}

/**
 * Runs every job on `threads` worker threads; `onDone` hears each result as it arrives (in
 * completion order). Resolves with the results in job order.
 */
export async function compileAll(projectRoot: string, jobs: PoolJob[], threads: number, onDone?: (job: PoolJob, r: CompileResult) => void): Promise<CompileResult[]> {
  const results: CompileResult[] = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(threads, jobs.length) }, startWorker);
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              w.postMessage({ id, projectRoot, filter: jobs[id]!.filter, target: jobs[id]!.target });
            };
            w.on("message", (m: CompileResult & { id: number; contents: [string, string][]; error?: string }) => {
              const r: CompileResult = { ok: m.ok, diagnostics: m.error ?? m.diagnostics, outFile: m.outFile, contents: new Map(m.contents), configText: m.configText, millis: m.millis };
              results[m.id] = r;
              onDone?.(jobs[m.id]!, r);
              feed();
            });
            w.on("error", reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
