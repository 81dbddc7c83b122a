// Keeps noisy output (Envoy's log lines) out of the test report: written to a log file as it comes,
// and printed, with the file's path, only when a test of the file fails.
import { appendFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

export interface TestLog {
  /** The log file. */
  file: string;
  /** Appends one line. */
  line(text: string): void;
}

/**
 * A log file for the calling test file (call at its top level or in a describe). After a failed
 * test, its last `tailLines` lines go to stderr; once every test passed, the file is removed.
 */
export function testLog(name: string, tailLines = 200): TestLog {
  const file = join(tmpdir(), `envoy-as-${name}-${process.pid}.log`);
  let failed = false;
  let printedUpTo = 0;
  afterEach((ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    failed = true;
    let lines: string[] = [];
    try {
      lines = readFileSync(file, "utf8").split("\n").slice(printedUpTo, -1);
    } catch {
      /* nothing logged */
    }
    printedUpTo += lines.length;
    process.stderr.write(`--- ${name} log for "${ctx.task.name}" (${file}), last ${Math.min(lines.length, tailLines)} lines ---\n${lines.slice(-tailLines).join("\n")}\n`);
  });
  afterAll(() => {
    if (!failed) rmSync(file, { force: true });
  });
  return { file, line: (text) => appendFileSync(file, text + "\n") };
}
