// Child processes, the one way the Node side runs them: spawn with the output captured (in memory,
// bounded, and optionally copied to a file), wait for a line it prints, and stop it with a signal
// that becomes SIGKILL after a grace period. With `group`, the child leads its own process group
// and stop() signals the whole group, as a terminal's Ctrl-C does (npm → sh → node → Envoy).
// With `killOnExit`, the child dies with this Node process however it dies (see startWatchdog).
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { waitFor, WaitError, type WaitOptions } from "./wait.ts";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they interleaved. */
  output: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Its own process group; stop() signals every process in it. Default false. */
  group?: boolean;
  /** Kill it when this Node process exits, even abruptly. Default false. */
  killOnExit?: boolean;
  /** Keep at most this many characters of output (the newest half is kept when it overflows). Default 8 MiB. */
  maxOutputChars?: number;
  /** Also append the output to this file. */
  outputFile?: string;
  /** Called with each chunk of output as it arrives. */
  onOutput?: (chunk: string) => void;
  /** Name used in error messages. Default: the command line. */
  name?: string;
}

export interface StopOptions {
  /** First signal. Default SIGTERM. */
  signal?: NodeJS.Signals;
  /** SIGKILL after this long if it still runs. Default 5 s. */
  graceMs?: number;
}

export interface Spawned {
  child: ChildProcess;
  pid: number | undefined;
  /** Name used in error messages. */
  name: string;
  /** Everything printed so far (stdout and stderr interleaved, bounded by maxOutputChars). */
  output(): string;
  /** Whether the process still runs. */
  running(): boolean;
  /** Resolves with the first match of `pattern` in the output after offset `from` (default 0), past or future. */
  waitForOutput(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  /** Polls `probe` (see waitFor) and gives up at once, with the last output lines, if the process exits. */
  waitUntil<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, o: Omit<WaitOptions, "abortIf">): Promise<T>;
  /** Resolves when the process has exited and its output is read. */
  exited: Promise<Exit>;
  /** Rejects… never: resolves with the error if the command could not be started (ENOENT, EACCES). */
  spawnError: Promise<Error>;
  /** Sends the signal (to the group with `group`), SIGKILL after the grace period; resolves on exit. Idempotent. */
  stop(o?: StopOptions): Promise<Exit>;
}

/** Last `n` lines of a text, for error messages. */
export function tail(text: string, n = 30): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** Starts `cmd args` in the background with its output captured; see SpawnOptions. */
export function spawnCaptured(cmd: string, args: string[], o: SpawnOptions = {}): Spawned {
  const name = o.name ?? [cmd, ...args].join(" ");
  const max = o.maxOutputChars ?? 8 << 20;
  const child = spawn(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: o.group ?? false });
  let file: WriteStream | undefined = o.outputFile ? createWriteStream(o.outputFile, { flags: "a" }) : undefined;
  let watchdog: ChildProcess | undefined;
  if (o.killOnExit) {
    installExitHook();
    live.add(child);
    watchdog = startWatchdog(child.pid);
  }

  let stdout = "", stderr = "", output = "";
  const waiters = new Set<() => void>();
  const take = (which: "out" | "err") => (chunk: Buffer) => {
    const s = chunk.toString("utf8");
    o.onOutput?.(s);
    file?.write(s);
    if (which === "out") stdout += s;
    else stderr += s;
    output += s;
    if (output.length > max) output = output.slice(output.length - max / 2);
    if (stdout.length > max) stdout = stdout.slice(stdout.length - max / 2);
    if (stderr.length > max) stderr = stderr.slice(stderr.length - max / 2);
    for (const w of waiters) w();
  };
  child.stdout!.on("data", take("out"));
  child.stderr!.on("data", take("err"));

  let done = false;
  const spawnError = new Promise<Error>((res) => child.on("error", res));
  const exited = new Promise<Exit>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      live.delete(child);
      watchdog?.kill("SIGKILL");
      file?.end();
      file = undefined;
      resolve({ code, signal, stdout, stderr, output });
      for (const w of waiters) w();
    };
    child.on("close", finish);
    // A process that never started emits "error" and maybe no "close".
    void spawnError.then(() => setTimeout(() => finish(child.exitCode, child.signalCode), 100));
    // Its output pipes may stay open in a grandchild that outlives it: do not wait for them long.
    child.on("exit", (code, signal) => setTimeout(() => finish(code, signal), 2000).unref());
  });

  let stopping: Promise<Exit> | undefined;
  const signalIt = (signal: NodeJS.Signals) => {
    if (o.group && child.pid) {
      try {
        process.kill(-child.pid, signal);
        return;
      } catch {
        /* the group is gone already; signal the child itself */
      }
    }
    child.kill(signal);
  };

  return {
    child,
    pid: child.pid,
    name,
    exited,
    spawnError,
    output: () => output,
    running: () => !done && child.exitCode === null && child.signalCode === null,
    waitForOutput(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const finish = (f: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          f();
        };
        const last = () => `\n--- last lines of ${name} ---\n${tail(output)}`;
        const check = () => {
          const m = output.slice(from).match(pattern);
          if (m) return finish(() => resolve(m));
          if (done) finish(() => reject(new WaitError(`${name} exited before printing ${pattern}${last()}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new WaitError(`Timed out after ${timeoutMs} ms waiting for ${pattern} in the output of ${name}${last()}`))), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    waitUntil(probe, w) {
      const status = () => (done ? `${name} exited (code ${child.exitCode}${child.signalCode ? `, signal ${child.signalCode}` : ""})` : undefined);
      return waitFor(probe, { ...w, abortIf: status, detail: () => `${w.detail?.() ?? ""}--- last lines of ${name} ---\n${tail(output)}` });
    },
    stop(s = {}) {
      stopping ??= (async () => {
        if (!done) {
          signalIt(s.signal ?? "SIGTERM");
          const timer = setTimeout(() => signalIt("SIGKILL"), s.graceMs ?? 5000);
          await exited;
          clearTimeout(timer);
        }
        return exited;
      })();
      return stopping;
    },
  };
}

/** Runs `cmd args` to completion and resolves with its exit and output (never rejects on a failure exit); SIGKILL after timeoutMs (default 5 minutes). */
export async function runCaptured(cmd: string, args: string[], o: SpawnOptions & { timeoutMs?: number } = {}): Promise<Exit> {
  const p = spawnCaptured(cmd, args, o);
  const timer = setTimeout(() => void p.stop({ signal: "SIGKILL" }), o.timeoutMs ?? 300_000);
  try {
    return await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Kill `pid` when this Node process dies, however it dies: the shell blocks reading a pipe whose
 * write end only we hold; when we exit, the read returns EOF and the shell kills the child.
 */
function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (!pid) return undefined;
  try {
    const dog = spawn("/bin/sh", ["-c", 'while read -r _; do :; done; kill -KILL "$1" 2>/dev/null', "watchdog", String(pid)], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    dog.on("error", () => {});
    dog.unref();
    (dog.stdin as unknown as { unref?: () => void })?.unref?.();
    // Keep a reference so the pipe is not garbage-collected/closed while we live.
    keepAlive.add(dog);
    dog.on("exit", () => keepAlive.delete(dog));
    return dog;
  } catch {
    return undefined;
  }
}
const keepAlive = new Set<ChildProcess>();
