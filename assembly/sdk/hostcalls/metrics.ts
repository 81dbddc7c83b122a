// Metrics: counters, gauges and histograms in Envoy's stats (shown as `wasmcustom.<name>` in
// /stats, the prefix hidden). Define them once (onConfigure), then update on the hot path:
// each update is one host call with no allocation.
import { proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "../abi/imports";
import { MetricType, WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_U64, scratchLen, scratchReset, scratchString } from "../abi/memory";

/** A defined metric. `id` is 0 (inert) if the host refused the definition. */
export class Metric {
  constructor(public readonly type: MetricType, public readonly name: string, public readonly id: u32, public readonly defined: bool) {}

  /** Defines (or finds) the metric `name` of `type`. Call at configure time. */
  static define(type: MetricType, name: string): Metric {
    scratchReset();
    const ptr = scratchString(name);
    const ok = proxy_define_metric(<u32>type, ptr, scratchLen, OUT_PTR) == WasmResult.Ok;
    return new Metric(type, name, ok ? load<u32>(OUT_PTR) : 0, ok);
  }

  /** Current value (counters and gauges; histograms give 0). */
  value(): u64 {
    if (!this.defined || proxy_get_metric(this.id, OUT_U64) != WasmResult.Ok) return 0;
    return load<u64>(OUT_U64);
  }
}

/** A monotonically increasing count. */
export class Counter extends Metric {
  /** Defines the counter `name`. Call at configure time. */
  static create(name: string): Counter {
    const m = Metric.define(MetricType.Counter, name);
    return new Counter(m.type, m.name, m.id, m.defined);
  }
  /** Adds `delta` (> 0). Callable from any callback. */
  increment(delta: u64 = 1): WasmResult {
    if (!this.defined) return WasmResult.NotFound;
    return <WasmResult>proxy_increment_metric(this.id, <i64>delta);
  }
}

/** A value that goes up and down. */
export class Gauge extends Metric {
  /** Defines the gauge `name`. Call at configure time. */
  static create(name: string): Gauge {
    const m = Metric.define(MetricType.Gauge, name);
    return new Gauge(m.type, m.name, m.id, m.defined);
  }
  /** Sets the gauge to `value`. */
  set(value: u64): WasmResult {
    if (!this.defined) return WasmResult.NotFound;
    return <WasmResult>proxy_record_metric(this.id, value);
  }
  /** Adds `delta` (may be negative). */
  add(delta: i64): WasmResult {
    if (!this.defined) return WasmResult.NotFound;
    return <WasmResult>proxy_increment_metric(this.id, delta);
  }
}

/** A distribution of samples (e.g. latencies). */
export class Histogram extends Metric {
  /** Defines the histogram `name`. Call at configure time. */
  static create(name: string): Histogram {
    const m = Metric.define(MetricType.Histogram, name);
    return new Histogram(m.type, m.name, m.id, m.defined);
  }
  /** Records one sample. */
  record(value: u64): WasmResult {
    if (!this.defined) return WasmResult.NotFound;
    return <WasmResult>proxy_record_metric(this.id, value);
  }
}
