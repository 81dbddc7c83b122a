// Child processes for tests that drive the CLI as a user would: run a command to completion, or
// start a long-running one, wait for a line it prints, and stop it like Ctrl-C does (the signal
// goes to the command's whole process group, as a terminal sends it: `npm start` → sh → node →
// Envoy all receive it, whatever npm forwards).
import { spawn } from "node:child_process";

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they interleaved. */
  output: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this long (default 5 minutes). */
  timeoutMs?: number;
}

/** Runs `cmd args` to completion and resolves with its exit code and output (never rejects on a failure exit). */
export function runCommand(cmd: string, args: string[], o: RunOptions): Promise<Finished> {
  const p = startCommand(cmd, args, o);
  const timer = setTimeout(() => void p.stop("SIGKILL"), o.timeoutMs ?? 300_000);
  return p.exited.finally(() => clearTimeout(timer));
}

export interface Started {
  child: ReturnType<typeof spawn>;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output after `from` (default: all of it). */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` (default SIGINT, as Ctrl-C does) to the process group and resolves when the command has exited. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
  exited: Promise<Finished>;
}

/** Starts `cmd args` in the background; its output is collected for waitFor(). */
export function startCommand(cmd: string, args: string[], o: RunOptions): Started {
  // detached: its own process group, so stop() reaches every process it started.
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "", stderr = "", output = "";
  const waiters = new Set<() => void>();
  const take = (which: "out" | "err") => (chunk: Buffer) => {
    const s = chunk.toString();
    if (which === "out") stdout += s;
    else stderr += s;
    output += s;
    for (const w of waiters) w();
  };
  child.stdout!.on("data", take("out"));
  child.stderr!.on("data", take("err"));
  const exited = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr, output });
      for (const w of waiters) w();
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    exited,
    output: () => output,
    waitFor(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = output.slice(from).match(pattern);
          if (m) return finish(() => resolve(m));
          if (done) return finish(() => reject(new Error(`${cmd} ${args.join(" ")} exited before printing ${pattern}; it printed:\n${output}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`${cmd} ${args.join(" ")} did not print ${pattern} within ${timeoutMs} ms; it printed:\n${output}`))), timeoutMs);
        const finish = (f: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          f();
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = "SIGINT") {
      if (!done) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          child.kill(signal); // the group is gone already
        }
      }
      return exited;
    },
  };
}
