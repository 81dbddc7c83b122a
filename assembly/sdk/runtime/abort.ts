// Replacements for AssemblyScript's `env.abort`, `env.trace` and `env.seed` imports, which
// Envoy does not provide (a module importing them fails to load). asconfig.json routes the
// built-ins here with `--use abort=… trace=… seed=…`.
import { proxy_log, wasi_random_get } from "../abi/imports";
import { LogLevel } from "../abi/enums";

// The abort path must not allocate: it may be reporting an out-of-memory or a corrupt heap.
const LINE_SIZE: usize = 512;
const LINE: usize = memory.data(<i32>LINE_SIZE); // static: abort must work with a broken heap
// @ts-ignore: decorator
@lazy let linePos: usize = 0;

function putString(s: string | null): void {
  if (s === null) return;
  const room = (LINE_SIZE - linePos) / 3; // worst case 3 UTF-8 bytes per UTF-16 unit
  const units = min(<usize>s.length, room);
  linePos += String.UTF8.encodeUnsafe(changetype<usize>(s), <i32>units, LINE + linePos, false);
}

function putU32(n: u32): void {
  let digits: usize = 1;
  for (let t = n; t >= 10; t /= 10) digits++;
  if (linePos + digits > LINE_SIZE) return;
  for (let i = digits; i > 0; i--) {
    store<u8>(LINE + linePos + i - 1, <u8>(48 + n % 10));
    n /= 10;
  }
  linePos += digits;
}

/**
 * Logs `abort: <message> at <file>:<line>:<col>` at critical level, then traps. Envoy then
 * marks the VM failed and applies the plugin's failure_policy; the host emulator turns the same
 * log line into a FilterTrap naming the filter and the callback.
 */
export function abort(message: string | null = null, fileName: string | null = null, lineNumber: u32 = 0, columnNumber: u32 = 0): void {
  linePos = 0;
  putString("abort: ");
  putString(message);
  putString(" at ");
  putString(fileName);
  putString(":");
  putU32(lineNumber);
  putString(":");
  putU32(columnNumber);
  proxy_log(<u32>LogLevel.Critical, LINE, linePos);
  unreachable();
}

/** `trace(message, n, ...values)` logs at debug level through proxy_log. */
export function trace(message: string, n: i32 = 0, a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, a4: f64 = 0): void {
  let line = "trace: " + message;
  if (n > 0) line += " " + a0.toString();
  if (n > 1) line += " " + a1.toString();
  if (n > 2) line += " " + a2.toString();
  if (n > 3) line += " " + a3.toString();
  if (n > 4) line += " " + a4.toString();
  const buf = String.UTF8.encode(line);
  proxy_log(<u32>LogLevel.Debug, changetype<usize>(buf), <usize>buf.byteLength);
}

/** Seeds Math.random from WASI `random_get` (Envoy fills it from its CSPRNG). */
export function seed(): f64 {
  const slot = memory.data(8, 8);
  wasi_random_get(slot, 8);
  return reinterpret<f64>(load<u64>(slot) | 1);
}
