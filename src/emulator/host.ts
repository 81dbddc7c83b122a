/**
 * The emulated Envoy: loads proxy-wasm modules, owns the clock, the log sink and host-wide
 * attributes. Modelled on the Go SDK's `proxytest`, in the host's terms.
 *
 * ```ts
 * const host = new Host();
 * const vm = await host.loadVm("build/hello-world.wasm");
 * const plugin = vm.createPlugin({ configuration: { greeting: "hi" } });
 * const stream = plugin.newHttpStream();
 * stream.sendRequestHeaders({ ":method": "GET", ":path": "/" }, { endOfStream: true });
 * stream.complete();
 * expect(host.logsAt("info")).toContain("hi");
 * ```
 */
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { LogLevel } from "./abi/enums.ts";
import type { PropertyValue } from "./abi/pairs.ts";
import { type LogEntry, type LogLevelName, toLogLevel } from "./logs.ts";
import { Vm, type VmOptions } from "./vm.ts";

/** Options of {@link Host}. */
export interface HostOptions {
  /** Envoy's log level: guest lines below it are dropped; `proxy_get_log_level` reports it. Default Trace. */
  logLevel?: LogLevel;
  /** Wall clock in ns since the epoch. Default: a virtual clock moved by {@link Host.advanceTime}. */
  clock?: () => bigint;
  /** Attribute overrides for every context by dotted path, e.g. `{"source.address": "10.0.0.1:443"}`. */
  properties?: Record<string, PropertyValue>;
}

/** Start of the default virtual clock: 2025-01-01T00:00:00Z, in ns. */
export const VIRTUAL_CLOCK_START = BigInt(Date.UTC(2025, 0, 1)) * 1_000_000n;

export class Host {
  /** Envoy's current log level (0–5, or 6 = off); may be changed at any time. */
  logLevel: number;
  /** Every guest log line at or above {@link logLevel}, in order. */
  readonly logs: LogEntry[] = [];
  /** Host-wide attribute overrides (see {@link HostOptions.properties}). */
  readonly properties: Record<string, PropertyValue>;
  /** The wall clock in use (ns since the epoch). */
  readonly clock: () => bigint;
  readonly #virtual: boolean;
  #virtualNow = VIRTUAL_CLOCK_START;
  readonly #monotonicOrigin = process.hrtime.bigint();

  /** Creates a host. All options are optional. */
  constructor(options: HostOptions = {}) {
    this.logLevel = options.logLevel ?? LogLevel.Trace;
    this.properties = { ...options.properties };
    this.#virtual = options.clock === undefined;
    this.clock = options.clock ?? (() => this.#virtualNow);
  }

  /** Advances the default virtual clock (wall and monotonic) by `ms` milliseconds. */
  advanceTime(ms: number): void {
    if (!this.#virtual) throw new Error("advanceTime() needs the default virtual clock; a custom clock was given");
    this.#virtualNow += BigInt(Math.round(ms * 1_000_000));
  }

  /** Monotonic time in ns (WASI clock 1): virtual time since start, or real elapsed time with a custom clock. */
  monotonicNanoseconds(): bigint {
    return this.#virtual ? this.#virtualNow - VIRTUAL_CLOCK_START : process.hrtime.bigint() - this.#monotonicOrigin;
  }

  /**
   * Loads a proxy-wasm module (bytes or a file path) as one VM instance and runs its start-up.
   * Rejects with {@link VmLoadError} (bad module, missing ABI marker/allocator, unknown import,
   * signature mismatch) or {@link FilterTrap} (start-up trapped).
   */
  async loadVm(wasm: Uint8Array | string, options: VmOptions = {}): Promise<Vm> {
    const bytes = typeof wasm === "string" ? new Uint8Array(await readFile(wasm)) : wasm;
    const name = options.name ?? (typeof wasm === "string" ? basename(wasm, extname(wasm)) : "wasm");
    return Vm.load(this, bytes, name, options);
  }

  /** Messages logged at exactly `level` (e.g. `"info"`), in order. */
  logsAt(level: LogLevel | LogLevelName): string[] {
    const wanted = toLogLevel(level);
    return this.logs.filter((e) => e.level === wanted).map((e) => e.message);
  }

  /** Forgets all recorded log lines. */
  clearLogs(): void {
    this.logs.length = 0;
  }

  /** @internal Records a guest log line. */
  recordLog(entry: LogEntry): void {
    this.logs.push(entry);
  }
}
