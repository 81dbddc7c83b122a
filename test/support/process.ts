// Child processes for tests that drive the CLI as a user would: run a command to completion, or
// start a long-running one, wait for a line it prints, and stop it like Ctrl-C does (the signal
// goes to the command's whole process group, as a terminal sends it: `npm start` → sh → node →
// Envoy all receive it, whatever npm forwards). The processes are src/util/process.ts's.
import { runCaptured, spawnCaptured, type Exit, type Spawned } from "../../src/util/process.ts";

export type Finished = Exit;

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** Runs `cmd args` to completion and resolves with its exit code and output (never rejects on a failure exit). */
export function runCommand(cmd: string, args: string[], o: RunOptions): Promise<Finished> {
  return runCaptured(cmd, args, { cwd: o.cwd, env: o.env, group: true, timeoutMs: o.timeoutMs ?? 300_000 });
}

export interface Started {
  child: Spawned["child"];
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output after `from` (default: all of it). */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` (default SIGINT, as Ctrl-C does) to the process group and resolves when the command has exited (SIGKILL after 60 s). */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
  exited: Promise<Finished>;
}

/** Starts `cmd args` in the background, in its own process group; its output is collected for waitFor(). */
export function startCommand(cmd: string, args: string[], o: RunOptions): Started {
  const p = spawnCaptured(cmd, args, { cwd: o.cwd, env: o.env, group: true });
  return {
    child: p.child,
    exited: p.exited,
    output: p.output,
    waitFor: (pattern, timeoutMs, from = 0) => p.waitForOutput(pattern, timeoutMs, from),
    stop: (signal = "SIGINT") => p.stop({ signal, graceMs: 60_000 }),
  };
}
