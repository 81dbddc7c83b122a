// The bench's robust metric: Envoy's CPU time per request from /proc, and each variant's extra
// over no filter as a multiple of the floor's, round by round.
import { describe, expect, it } from "vitest";
import { compareCost, costOf, spreadOf } from "../../src/bench/cost.ts";
import { clockTicksPerSecond, parseStatTicks, processCpuSeconds, processRunSeconds } from "../../src/bench/cpu.ts";

describe("Envoy CPU time from /proc/<pid>/stat", () => {
  it("reads utime + stime after the command name, even one holding spaces and parentheses", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = "4242 (envoy (worker) 1) S 1 4242 4242 0 -1 4194560 1200 0 3 0 731 269 0 0 20 0 3 0 100 1 2 3";
    expect(parseStatTicks(line)).toBe(731 + 269);
  });

  it("refuses a line without those fields, naming what it could not read", () => {
    expect(() => parseStatTicks("4242 (envoy) S 1")).toThrow(/cannot read utime\/stime/);
  });

  it("follows this process's own CPU time as the kernel counts it", () => {
    const tick = 1 / clockTicksPerSecond();
    const before = processCpuSeconds(process.pid)!;
    const usageBefore = process.cpuUsage();
    // Spin until Node says 0.3 s of CPU were used (on a busy machine that takes longer in wall time).
    const cpuUsed = () => {
      const u = process.cpuUsage(usageBefore);
      return (u.user + u.system) / 1e6;
    };
    const giveUp = performance.now() + 20_000;
    let x = 0;
    while (cpuUsed() < 0.3 && performance.now() < giveUp) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const after = processCpuSeconds(process.pid)!;
    const used = cpuUsed();
    expect(x).toBeGreaterThan(0);
    expect(used).toBeGreaterThanOrEqual(0.3);
    expect(after - before).toBeGreaterThan(0.2);
    // Node's own figure for the same interval, within two ticks each side and other threads' work.
    expect(Math.abs(after - before - used)).toBeLessThan(0.05 + 2 * tick);
  });

  it("is undefined for a process that does not exist", () => {
    expect(processCpuSeconds(2 ** 30)).toBeUndefined();
    expect(processRunSeconds(2 ** 30)).toBeUndefined();
  });

  it("reads the same time in ns from every thread's schedstat, without the tick's steps", () => {
    const before = processRunSeconds(process.pid)!;
    const usageBefore = process.cpuUsage();
    let x = 0;
    const giveUp = performance.now() + 20_000;
    const used = () => { const u = process.cpuUsage(usageBefore); return (u.user + u.system) / 1e6; };
    while (used() < 0.2 && performance.now() < giveUp) for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const after = processRunSeconds(process.pid)!;
    const node = used();
    expect(x).toBeGreaterThan(0);
    expect(node).toBeGreaterThanOrEqual(0.2);
    // Node's figure is tick-based too on Linux (getrusage); the two agree within a tick or two
    // and what the process's other threads (GC, I/O) ran meanwhile.
    expect(Math.abs(after - before - node)).toBeLessThan(0.05 + 2 / clockTicksPerSecond());
  });
});

describe("cost over no filter, as a multiple of the floor's", () => {
  // Three interleaved rounds: round 2 ran on a busier machine (every figure higher), which the
  // per-round pairing cancels out.
  const noFilter = [{ rps: 40_000, cpuUs: 20 }, { rps: 30_000, cpuUs: 26 }, { rps: 40_000, cpuUs: 20 }];
  const floor = [{ rps: 32_000, cpuUs: 24 }, { rps: 25_000, cpuUs: 30 }, { rps: 32_000, cpuUs: 24.4 }];
  const ours = [{ rps: 30_000, cpuUs: 26 }, { rps: 23_000, cpuUs: 32 }, { rps: 30_000, cpuUs: 26.2 }];

  it("pairs each round with no filter's and the floor's from the same round", () => {
    const c = costOf(ours, noFilter, floor);
    expect(c.cpuUs).toEqual({ median: 26.2, min: 26, max: 32, n: 3 });
    // ÷ no filter per round: 1.3, 1.2307…, 1.31: the busy round 2 does not stand out.
    expect(c.xNoFilterCpu!.median).toBeCloseTo(1.3, 9);
    expect(c.xNoFilterCpu!.min).toBeCloseTo(32 / 26, 9);
    expect(c.xNoFilterCpu!.max).toBeCloseTo(26.2 / 20, 9);
    // extra CPU per round: 6, 6, 6.2; the floor's: 4, 4, 4.4; ratios 1.5, 1.5, 1.409...
    expect(c.extraCpuUs!.median).toBeCloseTo(6, 9);
    expect(c.extraCpuUs!.max).toBeCloseTo(6.2, 9);
    expect(c.xFloorCpu!.median).toBeCloseTo(1.5, 9);
    expect(c.xFloorCpu!.min).toBeCloseTo(6.2 / 4.4, 9);
    // wall: 1e6/30000 − 1e6/40000 = 8.33 µs over no filter; the floor's 6.25 µs.
    expect(c.extraWallUs!.median).toBeCloseTo(1e6 / 30_000 - 1e6 / 40_000, 6);
    expect(c.xFloorWall!.median).toBeCloseTo((1e6 / 30_000 - 1e6 / 40_000) / (1e6 / 32_000 - 1e6 / 40_000), 6);
  });

  it("gives the floor 1× and no filter 0 extra", () => {
    expect(costOf(floor, noFilter, floor).xFloorCpu).toEqual({ median: 1, min: 1, max: 1, n: 3 });
    expect(costOf(noFilter, noFilter, floor).extraCpuUs).toEqual({ median: 0, min: 0, max: 0, n: 3 });
  });

  it("gives no ratio for a round whose floor extra is noise (zero or less), nor without CPU figures", () => {
    const noisyFloor = [{ rps: 32_000, cpuUs: 19 }, { rps: 25_000, cpuUs: 30 }, { rps: 32_000, cpuUs: 24.4 }];
    expect(costOf(ours, noFilter, noisyFloor).xFloorCpu!.n).toBe(2);
    const noCpu = ours.map(({ rps }) => ({ rps }));
    const c = costOf(noCpu, noFilter, floor);
    expect([c.cpuUs, c.extraCpuUs, c.xFloorCpu]).toEqual([undefined, undefined, undefined]);
    expect(c.xFloorWall!.n).toBe(3);
  });

  it("calls two figures whose round ranges overlap inside the run's spread, and orders the others", () => {
    const a = spreadOf([1.3, 1.4, 1.5])!;
    expect(compareCost(a, spreadOf([1.45, 1.6, 1.7])!)).toBe("inside this run's spread");
    expect(compareCost(a, spreadOf([1.55, 1.6, 1.7])!)).toBe("lower");
    expect(compareCost(spreadOf([1.55, 1.6, 1.7])!, a)).toBe("higher");
    // One round has no spread to judge by: the medians decide.
    expect(compareCost(spreadOf([1.4])!, spreadOf([1.4001])!)).toBe("lower");
  });
});
