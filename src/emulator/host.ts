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
import { GrpcClusters } from "./grpc.ts";
import { type ClusterHandler, type HostHttpCall, Upstreams } from "./http-calls.ts";
import type { ForeignCall, ForeignFunction, HostServices } from "./host-services.ts";
import { linkImports } from "./imports/index.ts";
import { type LogEntry, type LogLevelName, toLogLevel } from "./logs.ts";
import { type HostMetric, MetricStore } from "./metrics.ts";
import { SharedDataStore, SharedQueues } from "./shared-data.ts";
import { VirtualTimers } from "./timers.ts";
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

/**
 * The virtual monotonic clock (WASI clock 1) at start: 1000 s, never 0. Envoy's monotonic clock
 * is the host's steady clock, far from zero; Go's runtime aborts ("nanotime returning zero")
 * when it reads exactly 0 during start-up.
 */
export const VIRTUAL_MONOTONIC_START = 1_000_000_000_000n;

export class Host implements HostServices {
  /** Envoy's current log level (0–5, or 6 = off); may be changed at any time. */
  logLevel: number;
  /** Every guest log line at or above {@link logLevel}, in order. */
  readonly logs: LogEntry[] = [];
  /** Host-wide attribute overrides (see {@link HostOptions.properties}). */
  readonly properties: Record<string, PropertyValue>;
  /** gRPC clusters filters can call: `host.grpc.register(cluster, { unary, stream })`. */
  readonly grpc = new GrpcClusters();
  /** The wall clock in use (ns since the epoch). */
  readonly clock: () => bigint;
  readonly #virtual: boolean;
  #virtualNow = VIRTUAL_CLOCK_START;
  readonly #monotonicOrigin = process.hrtime.bigint();
  /** Custom metrics, host-wide by name (Envoy's `wasmcustom.<name>` stats). */
  readonly metrics = new MetricStore();
  /** Shared data, process-wide per vm_id: every VM loaded with the same vmId shares it. */
  readonly sharedData = new SharedDataStore();
  /** Shared queues, process-wide per (vm_id, name). */
  readonly sharedQueues = new SharedQueues();
  /** Clusters for `proxy_http_call` and every call made. */
  readonly upstreams = new Upstreams();
  /** Tick timers and call deadlines on the virtual clock. */
  readonly timers = new VirtualTimers(() => this.#virtualNow);
  /** Foreign functions added by tests (beside the built-in clear_route_cache). */
  readonly foreignFunctions = new Map<string, ForeignFunction>();
  /** Every `proxy_call_foreign_function` call, in order (known or not). */
  readonly foreignCalls: ForeignCall[] = [];

  /** Creates a host. All options are optional. */
  constructor(options: HostOptions = {}) {
    this.logLevel = options.logLevel ?? LogLevel.Trace;
    this.properties = { ...options.properties };
    this.#virtual = options.clock === undefined;
    this.clock = options.clock ?? (() => this.#virtualNow);
  }

  /**
   * Advances the default virtual clock (wall and monotonic) by `ms` milliseconds, firing what
   * falls due on the way in time order, with the clock at each event's time: every root
   * context's ticks (`proxy_on_tick`, per VM) and HTTP-call timeouts (Envoy's 504). A trap in
   * a fired callback is thrown from here.
   */
  advanceTime(ms: number): void {
    if (!this.#virtual) throw new Error("advanceTime() needs the default virtual clock; a custom clock was given");
    const target = this.#virtualNow + BigInt(Math.round(ms * 1_000_000));
    for (let event = this.timers.takeDue(target); event; event = this.timers.takeDue(target)) {
      if (event.due > this.#virtualNow) this.#virtualNow = event.due;
      event.fire();
    }
    this.#virtualNow = target;
  }

  /**
   * Monotonic time in ns (WASI clock 1): {@link VIRTUAL_MONOTONIC_START} plus the virtual time
   * elapsed, or the real elapsed time since the host was created (also offset, so never 0) with a
   * custom clock.
   */
  monotonicNanoseconds(): bigint {
    const elapsed = this.#virtual ? this.#virtualNow - VIRTUAL_CLOCK_START : process.hrtime.bigint() - this.#monotonicOrigin;
    return VIRTUAL_MONOTONIC_START + elapsed;
  }

  /**
   * Loads a proxy-wasm module (bytes or a file path) as one VM instance and runs its start-up.
   * Rejects with {@link VmLoadError} (bad module, missing ABI marker/allocator, unknown import,
   * signature mismatch) or {@link FilterTrap} (start-up trapped).
   */
  async loadVm(wasm: Uint8Array | string, options: VmOptions = {}): Promise<Vm> {
    const bytes = typeof wasm === "string" ? new Uint8Array(await readFile(wasm)) : wasm;
    const name = options.name ?? (typeof wasm === "string" ? basename(wasm, extname(wasm)) : "wasm");
    return Vm.load(this, bytes, name, options, linkImports);
  }

  /**
   * Loads `workers` VM instances of one module with the same vmId, as Envoy runs one VM per
   * worker thread (`--concurrency`): each has its own memory, contexts and ticks, and all share
   * shared data and queues. VM names get a `#<i>` suffix (e.g. "filter#0", "filter#1").
   */
  async loadWorkers(wasm: Uint8Array | string, workers: number, options: VmOptions = {}): Promise<Vm[]> {
    const bytes = typeof wasm === "string" ? new Uint8Array(await readFile(wasm)) : wasm;
    const name = options.name ?? (typeof wasm === "string" ? basename(wasm, extname(wasm)) : "wasm");
    const vms: Vm[] = [];
    for (let i = 0; i < workers; i++) vms.push(await Vm.load(this, bytes, `${name}#${i}`, options, linkImports));
    return vms;
  }

  /** A custom metric by name (of `type` if several types share it), or undefined if never defined. */
  metric(name: string, type?: HostMetric["type"]): HostMetric | undefined {
    return this.metrics.get(name, type);
  }

  /**
   * Declares the Envoy cluster `name` for `proxy_http_call`, answered by `handler` (called at
   * the call; its response is delivered after the calling callback returns, as in Envoy). Without
   * a handler, or when it returns undefined, calls stay pending: answer them from
   * {@link pendingHttpCalls}. Calls to undeclared clusters get BadArgument.
   */
  setClusterHandler(name: string, handler?: ClusterHandler): void {
    this.upstreams.setCluster(name, handler);
  }

  /** Declares the cluster `name` with calls left pending (see {@link setClusterHandler}). */
  addCluster(name: string): void {
    this.upstreams.setCluster(name);
  }

  /** HTTP calls waiting for an answer, across all VMs, oldest first. */
  get pendingHttpCalls(): HostHttpCall[] {
    return this.upstreams.pending;
  }

  /** Every HTTP call accepted so far, in order, whatever its state. */
  get httpCalls(): readonly HostHttpCall[] {
    return this.upstreams.calls;
  }

  /** Adds a foreign function the guest can call with `proxy_call_foreign_function`. */
  registerForeignFunction(name: string, fn: ForeignFunction): void {
    this.foreignFunctions.set(name, fn);
  }

  /** @internal A guest's HTTP call was accepted: run its cluster handler or arm its timeout. */
  onHttpCall(call: HostHttpCall): void {
    const answer = this.upstreams.handler(call.cluster)?.(call);
    if (answer !== undefined) {
      call.vm.defer(() => {
        if (call.state !== "pending") return;
        if (answer === "reset") call.reset();
        else if (answer === "timeout") call.timeout();
        else call.respond(answer);
      });
    } else if (call.timeoutMs > 0 && this.#virtual) {
      this.timers.schedule(call.timeoutMs, () => {
        if (call.state === "pending") call.timeout();
      });
    }
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
