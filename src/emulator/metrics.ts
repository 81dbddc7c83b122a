/**
 * Custom metrics as Envoy keeps them: one process-wide stat per (type, name), shared by every
 * VM and worker that defines it (Envoy names it `wasmcustom.<name>`), and per-VM metric ids
 * whose low 2 bits are the type (counters 4, 8, …; gauges 5, 9, …; histograms 6, 10, …).
 */
import { MetricType, WasmResult } from "./abi/enums.ts";
import type { Vm } from "./vm.ts";

/** One custom stat as a test reads it (`host.metric(name)`). */
export interface HostMetric {
  name: string;
  type: MetricType;
  /** Counter total or gauge value (u64). Histograms: the number of samples. */
  value: bigint;
  /** Histogram samples in the order recorded (empty for counters and gauges). */
  samples: bigint[];
}

const TYPE_MASK = 3;
const ID_STEP = 4;

/** The host-wide stats plus each VM's id table. */
export class MetricStore {
  readonly #stats = new Map<string, HostMetric>();
  readonly #vms = new WeakMap<Vm, { next: number[]; byId: Map<number, HostMetric> }>();

  /** The stat `name` (of `type` when several types share the name), or undefined. */
  get(name: string, type?: MetricType): HostMetric | undefined {
    if (type !== undefined) return this.#stats.get(`${type}:${name}`);
    for (const t of [MetricType.Counter, MetricType.Gauge, MetricType.Histogram]) {
      const m = this.#stats.get(`${t}:${name}`);
      if (m) return m;
    }
    return undefined;
  }

  /** Every stat defined so far. */
  all(): HostMetric[] {
    return [...this.#stats.values()];
  }

  #vm(vm: Vm) {
    let state = this.#vms.get(vm);
    if (!state) this.#vms.set(vm, (state = { next: [MetricType.Counter, MetricType.Gauge, MetricType.Histogram], byId: new Map() }));
    return state;
  }

  /** `proxy_define_metric`: a new id on every call, bound to the shared stat; BadArgument for type > 2. */
  define(vm: Vm, type: number, name: string): number | WasmResult.BadArgument {
    if (type > MetricType.Histogram) return WasmResult.BadArgument;
    const key = `${type}:${name}`;
    let stat = this.#stats.get(key);
    if (!stat) this.#stats.set(key, (stat = { name, type, value: 0n, samples: [] }));
    const state = this.#vm(vm);
    const id = (state.next[type] += ID_STEP);
    state.byId.set(id, stat);
    return id;
  }

  #lookup(vm: Vm, id: number): HostMetric | WasmResult {
    const type = id & TYPE_MASK;
    if (type > MetricType.Histogram) return WasmResult.BadArgument;
    return this.#vm(vm).byId.get(id) ?? WasmResult.NotFound;
  }

  /** `proxy_increment_metric`: counters need delta > 0; gauges add or subtract; histograms refuse. */
  increment(vm: Vm, id: number, delta: bigint): WasmResult {
    const type = id & TYPE_MASK;
    if (type !== MetricType.Counter && type !== MetricType.Gauge) return WasmResult.BadArgument;
    const stat = this.#lookup(vm, id);
    if (typeof stat === "number") return stat;
    if (type === MetricType.Counter && delta <= 0n) return WasmResult.BadArgument;
    stat.value = BigInt.asUintN(64, stat.value + delta);
    return WasmResult.Ok;
  }

  /** `proxy_record_metric`: counters add, gauges set, histograms record a sample. */
  record(vm: Vm, id: number, value: bigint): WasmResult {
    const stat = this.#lookup(vm, id);
    if (typeof stat === "number") return stat;
    value = BigInt.asUintN(64, value);
    if (stat.type === MetricType.Counter) stat.value = BigInt.asUintN(64, stat.value + value);
    else if (stat.type === MetricType.Gauge) stat.value = value;
    else {
      stat.samples.push(value);
      stat.value = BigInt(stat.samples.length);
    }
    return WasmResult.Ok;
  }

  /** `proxy_get_metric`: counters and gauges; histograms give BadArgument. */
  read(vm: Vm, id: number): bigint | WasmResult {
    if ((id & TYPE_MASK) === MetricType.Histogram) return WasmResult.BadArgument;
    const stat = this.#lookup(vm, id);
    return typeof stat === "number" ? stat : stat.value;
  }
}
