// Each Envoy variant's cost as what it adds over no filter, per request, and that extra as a
// multiple of the floor's (bench/peers/floor: the least any Wasm filter can add). Two measures:
//   - CPU: Envoy's own CPU time (utime + stime) over the requests wrk reports, the robust one on
//     a shared machine;
//   - wall: 1 / req/s, what throughput alone says.
// Rounds are interleaved (every variant runs once per round), so each round's figure is paired
// with no filter's (and the floor's) from the same round; the result is the median over rounds
// with the range of the per-round values as the run's own spread.

/** A median with the range of the per-round values it came from. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Rounds it is computed from. */
  n: number;
}

/** One round of one variant: what the extra and the ratio are computed from. */
export interface RoundCost {
  rps: number;
  /** Envoy CPU µs per request in that round, undefined where /proc could not be read. */
  cpuUs?: number;
}

/** A variant's cost against no filter and the floor. */
export interface Cost {
  /** CPU µs per request (median over rounds). */
  cpuUs?: Spread;
  /**
   * CPU per request ÷ no filter's in the same round: the figure that survives the host's drift
   * (on a VM, every variant's absolute CPU per request moves by a fifth over minutes, together).
   */
  xNoFilterCpu?: Spread;
  /** Extra CPU µs per request over no filter. */
  extraCpuUs?: Spread;
  /** Extra CPU ÷ the floor's extra CPU. */
  xFloorCpu?: Spread;
  /** Extra wall µs per request (1/req/s) over no filter. */
  extraWallUs?: Spread;
  /** Extra wall time ÷ the floor's. */
  xFloorWall?: Spread;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median and range of `xs` (finite values only), or undefined when there are none. */
export function spreadOf(xs: (number | undefined)[]): Spread | undefined {
  const f = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  if (!f.length) return undefined;
  return { median: median(f), min: Math.min(...f), max: Math.max(...f), n: f.length };
}

function paired(a: RoundCost[], b: RoundCost[], f: (x: RoundCost, y: RoundCost) => number | undefined): (number | undefined)[] {
  const n = Math.min(a.length, b.length);
  const out: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) out.push(f(a[i], b[i]));
  return out;
}

const cpuExtra = (v: RoundCost, base: RoundCost) => (v.cpuUs !== undefined && base.cpuUs !== undefined ? v.cpuUs - base.cpuUs : undefined);
const wallExtra = (v: RoundCost, base: RoundCost) => 1e6 / v.rps - 1e6 / base.rps;
const cpuRatio = (v: RoundCost, base: RoundCost) => (v.cpuUs !== undefined && base.cpuUs !== undefined && base.cpuUs > 0 ? v.cpuUs / base.cpuUs : undefined);

/**
 * The cost of `rounds` (one variant) against `noFilter`'s rounds, paired by index: with the
 * bench's paired load, noFilter[i] is the no-filter Envoy measured in the same second as
 * rounds[i], on the same core. The floor's figures come the same way (`floor` against
 * `floorBase`, by default `noFilter`). The ratio to the floor is taken per round on extras
 * relative to the paired no filter (this round's extra ÷ its no filter, over the floor's extra ÷
 * its no filter), so a round run while the host was slower counts the same; a floor extra of
 * zero or less in a round (noise larger than the floor's cost) gives no ratio.
 */
export function costOf(rounds: RoundCost[], noFilter: RoundCost[] | undefined, floor: RoundCost[] | undefined, floorBase: RoundCost[] | undefined = noFilter): Cost {
  const c: Cost = { cpuUs: spreadOf(rounds.map((r) => r.cpuUs)) };
  if (!noFilter) return c;
  const extraCpu = paired(rounds, noFilter, cpuExtra);
  const extraWall = paired(rounds, noFilter, wallExtra);
  c.extraCpuUs = spreadOf(extraCpu);
  c.xNoFilterCpu = spreadOf(paired(rounds, noFilter, cpuRatio));
  c.extraWallUs = spreadOf(extraWall);
  if (floor && floorBase) {
    const relative = (extra: (number | undefined)[], base: RoundCost[], of: (b: RoundCost) => number | undefined) =>
      extra.map((e, i) => (e !== undefined && i < base.length && of(base[i]) ? e / of(base[i])! : undefined));
    const cpuOf = (b: RoundCost) => (b.cpuUs !== undefined && b.cpuUs > 0 ? b.cpuUs : undefined);
    const wallOf = (b: RoundCost) => 1e6 / b.rps;
    const ratio = (xs: (number | undefined)[], fs: (number | undefined)[]) => xs.map((x, i) => (x !== undefined && fs[i] !== undefined && fs[i]! > 0 ? x / fs[i]! : undefined));
    c.xFloorCpu = spreadOf(ratio(relative(extraCpu, noFilter, cpuOf), relative(paired(floor, floorBase, cpuExtra), floorBase, cpuOf)));
    c.xFloorWall = spreadOf(ratio(relative(extraWall, noFilter, wallOf), relative(paired(floor, floorBase, wallExtra), floorBase, wallOf)));
  }
  return c;
}

/** True when the two ranges overlap: a difference between them is inside the run's own spread. */
export function overlaps(a: Spread, b: Spread): boolean {
  return a.min <= b.max && b.min <= a.max;
}

/**
 * A verdict on `a` versus `b` (lower is better): "lower", "higher", or "inside this run's
 * spread" when their per-round ranges overlap (with one round there is no spread to judge by).
 */
export function compareCost(a: Spread, b: Spread): "lower" | "higher" | "inside this run's spread" {
  if (a.n > 1 && b.n > 1 && overlaps(a, b)) return "inside this run's spread";
  return a.median <= b.median ? "lower" : "higher";
}
