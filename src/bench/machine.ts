// The machine the bench runs on, from /proc (with os fallbacks): CPU model, load, a process's RSS.
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** The CPU model name. */
export function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) return m[1].trim();
  } catch {}
  return cpus()[0]?.model ?? "unknown";
}

/** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
export function loadAvg(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

/** The resident set size of `pid` in bytes, or undefined without /proc. */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
