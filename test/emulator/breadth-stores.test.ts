// The host-wide stores behind metrics, shared data, queues and ticks, checked against Envoy's
// rules (docs/abi.md §1.1, §6) where the SDK never goes: histogram reads, unknown ids and tokens,
// cas wrap-around, tick re-arming after a period of 0.
import { describe, expect, it } from "vitest";
import { MetricType, WasmResult, type Vm } from "../../src/emulator/index.ts";
import { MetricStore } from "../../src/emulator/metrics.ts";
import { SharedDataStore, SharedQueues } from "../../src/emulator/shared-data.ts";
import { VirtualTimers } from "../../src/emulator/timers.ts";

const fakeVm = (vmId = "v") => ({ vmId, phase: "idle", failed: false }) as unknown as Vm;

describe("MetricStore", () => {
  it("gives per-VM ids stepping by 4 with the type in the low 2 bits, over one stat per (type, name)", () => {
    const store = new MetricStore();
    const [a, b] = [fakeVm(), fakeVm()];
    expect([store.define(a, MetricType.Counter, "c"), store.define(a, MetricType.Counter, "c"), store.define(a, MetricType.Gauge, "g"), store.define(a, MetricType.Histogram, "h")]).toEqual([4, 8, 5, 6]);
    expect(store.define(b, MetricType.Counter, "c")).toBe(4);
    expect(store.define(a, 3, "bad")).toBe(WasmResult.BadArgument);
    store.increment(a, 4, 2n);
    store.increment(a, 8, 3n);
    store.increment(b, 4, 5n);
    expect(store.get("c")?.value).toBe(10n);
  });

  it("applies Envoy's per-type rules to increment, record and read", () => {
    const store = new MetricStore();
    const vm = fakeVm();
    const c = store.define(vm, MetricType.Counter, "c") as number;
    const g = store.define(vm, MetricType.Gauge, "g") as number;
    const h = store.define(vm, MetricType.Histogram, "h") as number;
    expect(store.increment(vm, c, 0n)).toBe(WasmResult.BadArgument);
    expect(store.increment(vm, c, -1n)).toBe(WasmResult.BadArgument);
    expect(store.record(vm, c, 5n)).toBe(WasmResult.Ok); // counters add on record
    expect(store.record(vm, c, 5n)).toBe(WasmResult.Ok);
    expect(store.read(vm, c)).toBe(10n);
    expect(store.record(vm, g, 9n)).toBe(WasmResult.Ok);
    expect(store.increment(vm, g, -4n)).toBe(WasmResult.Ok);
    expect(store.read(vm, g)).toBe(5n);
    expect(store.increment(vm, h, 1n)).toBe(WasmResult.BadArgument);
    expect(store.record(vm, h, 7n)).toBe(WasmResult.Ok);
    expect(store.read(vm, h)).toBe(WasmResult.BadArgument);
    expect(store.get("h")?.samples).toEqual([7n]);
    expect(store.increment(vm, 100, 1n)).toBe(WasmResult.NotFound);
    expect(store.read(vm, 101)).toBe(WasmResult.NotFound);
    expect(store.read(vm, 103)).toBe(WasmResult.BadArgument);
  });
});

describe("SharedDataStore", () => {
  it("uses one global cas counter from 1, compares a non-zero cas only for existing keys", () => {
    const store = new SharedDataStore();
    expect(store.set("a", "k", "1", 12345)).toBe(WasmResult.Ok); // absent key: cas ignored
    expect(store.get("a", "k")?.cas).toBe(1);
    expect(store.set("b", "k", "x")).toBe(WasmResult.Ok);
    expect(store.get("b", "k")?.cas).toBe(2);
    expect(store.set("a", "k", "2", 2)).toBe(WasmResult.CasMismatch);
    expect(store.set("a", "k", "2", 1)).toBe(WasmResult.Ok);
    expect(store.getText("a", "k")).toBe("2");
    expect(store.get("a", "k")?.cas).toBe(3);
    expect(store.get("c", "k")).toBeUndefined();
  });
});

describe("SharedQueues", () => {
  it("keys queues by (vm_id, name), tokens from 1; dequeue gives Empty or NotFound", () => {
    const queues = new SharedQueues();
    const vm = fakeVm("q");
    expect(queues.register(vm, 1, "a")).toBe(1);
    expect(queues.register(vm, 1, "b")).toBe(2);
    expect(queues.register(fakeVm("q"), 1, "a")).toBe(1);
    expect(queues.register(fakeVm("other"), 1, "a")).toBe(3);
    expect(queues.resolve("q", "b")).toBe(2);
    expect(queues.resolve("q", "zzz")).toBeUndefined();
    expect(queues.dequeue(2)).toBe(WasmResult.Empty);
    expect(queues.dequeue(99)).toBe(WasmResult.NotFound);
    expect(queues.enqueue(99, "x")).toBe(WasmResult.NotFound);
  });
});

describe("VirtualTimers", () => {
  it("fires events in due order; equal times in scheduling order", () => {
    let now = 0n;
    const timers = new VirtualTimers(() => now);
    const fired: string[] = [];
    timers.schedule(20, () => fired.push("b"));
    timers.schedule(10, () => fired.push("a"));
    timers.schedule(20, () => fired.push("c"));
    for (let e = timers.takeDue(25_000_000n); e; e = timers.takeDue(25_000_000n)) e.fire();
    expect(fired).toEqual(["a", "b", "c"]);
  });
});
