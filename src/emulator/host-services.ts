/**
 * The host as a VM and its host functions see it: the process-wide services ({@link Host}
 * implements this). Types only, so that the VM, the host functions and the services can name
 * the host without importing host.ts, which imports all of them.
 */
import type { WasmResult } from "./abi/enums.ts";
import type { PropertyValue } from "./abi/pairs.ts";
import type { HostContext } from "./context.ts";
import type { GrpcClusters } from "./grpc.ts";
import type { HostHttpCall, Upstreams } from "./http-calls.ts";
import type { LogEntry } from "./logs.ts";
import type { MetricStore } from "./metrics.ts";
import type { SharedDataStore, SharedQueues } from "./shared-data.ts";
import type { VirtualTimers } from "./timers.ts";

/** A foreign function: returns the result bytes or a WasmResult (failure). */
export type ForeignFunction = (args: Uint8Array, context: HostContext) => Uint8Array | WasmResult;

/** A `proxy_call_foreign_function` call the host saw. */
export interface ForeignCall {
  name: string;
  args: Uint8Array;
  /** The context current (or effective) at the call. */
  contextId: number;
  /** The VM name. */
  vm: string;
}

/** What VMs and host functions use of the {@link Host}. */
export interface HostServices {
  /** Envoy's current log level (0–5, or 6 = off). */
  readonly logLevel: number;
  /** Every guest log line at or above the log level, in order. */
  readonly logs: LogEntry[];
  /** Attribute overrides for every context by dotted path. */
  readonly properties: Record<string, PropertyValue>;
  /** Test-provided gRPC services per cluster. */
  readonly grpc: GrpcClusters;
  /** Wall clock in ns since the epoch. */
  readonly clock: () => bigint;
  /** Process-wide stats. */
  readonly metrics: MetricStore;
  /** Shared data, keyed by vm_id. */
  readonly sharedData: SharedDataStore;
  /** Shared queues, keyed by vm_id. */
  readonly sharedQueues: SharedQueues;
  /** Clusters and the HTTP calls made to them. */
  readonly upstreams: Upstreams;
  /** Virtual-clock events: ticks and call deadlines. */
  readonly timers: VirtualTimers;
  /** Foreign functions registered by tests, by name. */
  readonly foreignFunctions: Map<string, ForeignFunction>;
  /** Every foreign-function call made. */
  readonly foreignCalls: ForeignCall[];
  /** The monotonic clock (WASI clock 1) in ns. */
  monotonicNanoseconds(): bigint;
  /** A guest made an HTTP call: answer it by the cluster's handler, or leave it pending. */
  onHttpCall(call: HostHttpCall): void;
  /** Records a guest log line. */
  recordLog(entry: LogEntry): void;
}
