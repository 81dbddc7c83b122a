// Envoy's CPU time, the bench's robust metric beside requests/s: on a machine shared with other
// work, wall-clock throughput moves with whatever else runs, while the CPU time Envoy itself
// spends per request moves much less. Read from /proc/<pid>/stat (utime + stime of every thread
// of the process, in clock ticks) before and after each wrk run.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

let ticks: number | undefined;

/** Clock ticks per second of /proc's times (`getconf CLK_TCK`; 100 if getconf is missing). */
export function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** Parses a /proc/<pid>/stat line: user + system CPU time of the whole process, in ticks. */
export function parseStatTicks(stat: string): number {
  // Field 2 (comm) is in parentheses and may hold spaces: count fields after the last ')'.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read utime/stime from /proc stat line: ${stat.slice(0, 120)}`);
  return utime + stime;
}

/** CPU seconds (user + system) the process `pid` has used so far, or undefined where /proc is missing. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    return parseStatTicks(readFileSync(`/proc/${pid}/stat`, "utf8")) / clockTicksPerSecond();
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds every thread of `pid` has run so far, from each thread's
 * /proc/<pid>/task/<tid>/schedstat (the scheduler's run time in ns): the same figure as
 * utime + stime without the clock tick's 10 ms steps, which matter over short runs at a fixed
 * rate. Falls back to processCpuSeconds where schedstat is missing; undefined without /proc.
 */
export function processRunSeconds(pid: number): number | undefined {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const tid of tids) {
    try {
      const run = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      if (!Number.isFinite(run)) return processCpuSeconds(pid);
      ns += run;
    } catch {
      // A thread that ended between the listing and the read: Envoy's threads live as long as
      // the process, so this is only a thread the launcher's exit already took.
    }
  }
  return ns / 1e9;
}
