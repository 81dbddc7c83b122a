/**
 * Custom metrics as Envoy keeps them: one process-wide stat per (type, name), shared by every
 * VM and worker that defines it (Envoy names it `wasmcustom.<name>`), and per-VM metric ids
 * whose low 2 bits are the type (counters 4, 8, …; gauges 5, 9, …; histograms 6, 10, …).
 */
import { MetricType, WasmResult } from "./abi/enums.ts";
import type { Vm } from "./vm.ts";
/** One custom stat as a test reads it (`host.metric(name)`). */
export interface Metric {
    name: string;
    type: MetricType;
    /** Counter total or gauge value (u64). Histograms: the number of samples. */
    value: bigint;
    /** Histogram samples in the order recorded (empty for counters and gauges). */
    samples: bigint[];
}
/** The host-wide stats plus each VM's id table. */
export declare class MetricStore {
    #private;
    /** The stat `name` (of `type` when several types share the name), or undefined. */
    get(name: string, type?: MetricType): Metric | undefined;
    /** Every stat defined so far. */
    all(): Metric[];
    /** `proxy_define_metric`: a new id on every call, bound to the shared stat; BadArgument for type > 2. */
    define(vm: Vm, type: number, name: string): number | WasmResult.BadArgument;
    /** `proxy_increment_metric`: counters need delta > 0; gauges add or subtract; histograms refuse. */
    increment(vm: Vm, id: number, delta: bigint): WasmResult;
    /** `proxy_record_metric`: counters add, gauges set, histograms record a sample. */
    record(vm: Vm, id: number, value: bigint): WasmResult;
    /** `proxy_get_metric`: counters and gauges; histograms give BadArgument. */
    read(vm: Vm, id: number): bigint | WasmResult;
}
