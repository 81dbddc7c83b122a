import { LogLevel } from "./abi/enums.ts";
import type { PropertyValue } from "./abi/pairs.ts";
import { GrpcClusters } from "./grpc.ts";
import { type ClusterHandler, type HttpCall, Upstreams } from "./http-calls.ts";
import type { ForeignFunction } from "./imports/foreign.ts";
import { type LogEntry, type LogLevelName } from "./logs.ts";
import { type Metric, MetricStore } from "./metrics.ts";
import { SharedDataStore, SharedQueues } from "./shared-data.ts";
import { VirtualTimers } from "./timers.ts";
import { Vm, type VmOptions } from "./vm.ts";
/** A `proxy_call_foreign_function` call the host saw. */
export interface ForeignCall {
    name: string;
    args: Uint8Array;
    /** The context current (or effective) at the call. */
    contextId: number;
    /** The VM name. */
    vm: string;
}
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
export declare const VIRTUAL_CLOCK_START: bigint;
export declare class Host {
    #private;
    /** Envoy's current log level (0–5, or 6 = off); may be changed at any time. */
    logLevel: number;
    /** Every guest log line at or above {@link logLevel}, in order. */
    readonly logs: LogEntry[];
    /** Host-wide attribute overrides (see {@link HostOptions.properties}). */
    readonly properties: Record<string, PropertyValue>;
    /** gRPC clusters filters can call: `host.grpc.register(cluster, { unary, stream })`. */
    readonly grpc: GrpcClusters;
    /** The wall clock in use (ns since the epoch). */
    readonly clock: () => bigint;
    /** Custom metrics, host-wide by name (Envoy's `wasmcustom.<name>` stats). */
    readonly metrics: MetricStore;
    /** Shared data, process-wide per vm_id: every VM loaded with the same vmId shares it. */
    readonly sharedData: SharedDataStore;
    /** Shared queues, process-wide per (vm_id, name). */
    readonly sharedQueues: SharedQueues;
    /** Clusters for `proxy_http_call` and every call made. */
    readonly upstreams: Upstreams;
    /** Tick timers and call deadlines on the virtual clock. */
    readonly timers: VirtualTimers;
    /** Foreign functions added by tests (beside the built-in clear_route_cache). */
    readonly foreignFunctions: Map<string, ForeignFunction>;
    /** Every `proxy_call_foreign_function` call, in order (known or not). */
    readonly foreignCalls: ForeignCall[];
    /** Creates a host. All options are optional. */
    constructor(options?: HostOptions);
    /**
     * Advances the default virtual clock (wall and monotonic) by `ms` milliseconds, firing what
     * falls due on the way in time order, with the clock at each event's time: every root
     * context's ticks (`proxy_on_tick`, per VM) and HTTP-call timeouts (Envoy's 504). A trap in
     * a fired callback is thrown from here.
     */
    advanceTime(ms: number): void;
    /** Monotonic time in ns (WASI clock 1): virtual time since start, or real elapsed time with a custom clock. */
    monotonicNanoseconds(): bigint;
    /**
     * Loads a proxy-wasm module (bytes or a file path) as one VM instance and runs its start-up.
     * Rejects with {@link VmLoadError} (bad module, missing ABI marker/allocator, unknown import,
     * signature mismatch) or {@link FilterTrap} (start-up trapped).
     */
    loadVm(wasm: Uint8Array | string, options?: VmOptions): Promise<Vm>;
    /**
     * Loads `workers` VM instances of one module with the same vmId, as Envoy runs one VM per
     * worker thread (`--concurrency`): each has its own memory, contexts and ticks, and all share
     * shared data and queues. VM names get a `#<i>` suffix (e.g. "filter#0", "filter#1").
     */
    loadWorkers(wasm: Uint8Array | string, workers: number, options?: VmOptions): Promise<Vm[]>;
    /** A custom metric by name (of `type` if several types share it), or undefined if never defined. */
    metric(name: string, type?: Metric["type"]): Metric | undefined;
    /**
     * Declares the Envoy cluster `name` for `proxy_http_call`, answered by `handler` (called at
     * the call; its response is delivered after the calling callback returns, as in Envoy). Without
     * a handler, or when it returns undefined, calls stay pending: answer them from
     * {@link pendingHttpCalls}. Calls to undeclared clusters get BadArgument.
     */
    setClusterHandler(name: string, handler?: ClusterHandler): void;
    /** Declares the cluster `name` with calls left pending (see {@link setClusterHandler}). */
    addCluster(name: string): void;
    /** HTTP calls waiting for an answer, across all VMs, oldest first. */
    get pendingHttpCalls(): HttpCall[];
    /** Every HTTP call accepted so far, in order, whatever its state. */
    get httpCalls(): readonly HttpCall[];
    /** Adds a foreign function the guest can call with `proxy_call_foreign_function`. */
    registerForeignFunction(name: string, fn: ForeignFunction): void;
    /** @internal A guest's HTTP call was accepted: run its cluster handler or arm its timeout. */
    onHttpCall(call: HttpCall): void;
    /** Messages logged at exactly `level` (e.g. `"info"`), in order. */
    logsAt(level: LogLevel | LogLevelName): string[];
    /** Forgets all recorded log lines. */
    clearLogs(): void;
    /** @internal Records a guest log line. */
    recordLog(entry: LogEntry): void;
}
