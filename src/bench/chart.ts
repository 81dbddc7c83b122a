// The bench's SVG chart (bench/results/latest.svg), hand-written, two panels over the same
// Envoy variants: throughput as a ratio to no filter (higher is better), and the CPU time each
// adds per request over no filter, with the floor's extra marked (lower is better).
import type { BenchResult, EnvoyRow } from "./result.ts";

const escXml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const FLOOR = "floor/add-header";

function color(e: EnvoyRow): string {
  if (e.kind === "baseline") return "#9e9e9e";
  if (e.kind === "native") return "#4e79a7";
  if (e.key === FLOOR) return "#59a14f";
  if (/^(rust|solo|go)\//.test(e.key)) return "#b07aa1";
  return "#f28e2b";
}

const BAR_H = 22;
const GAP = 8;
const LEFT = 330;
const PLOT_W = 420;

/** One horizontal-bar panel starting at `top`; returns its SVG and height. */
function panel(o: { top: number; title: string; rows: EnvoyRow[]; value: (e: EnvoyRow) => number; label: (e: EnvoyRow) => string; ticks: number[]; tickLabel: (t: number) => string; mark?: { at: number; text: string }; cap?: number; tooltip: (e: EnvoyRow) => string }): { svg: string[]; height: number } {
  const out: string[] = [];
  const plotTop = o.top + (o.mark ? 40 : 26);
  const bottom = plotTop + Math.max(1, o.rows.length) * (BAR_H + GAP);
  // A bar beyond `cap` is cut there (drawn with a break mark) so one outlier does not flatten the rest.
  const max = (o.cap ?? Math.max(1e-9, ...o.ticks, ...o.rows.map(o.value), o.mark?.at ?? 0)) * 1.02;
  const x = (v: number) => LEFT + (Math.max(0, v) / max) * PLOT_W;
  out.push(`<text x="10" y="${o.top + 12}" font-size="14" font-weight="bold">${escXml(o.title)}</text>`);
  for (const t of o.ticks) {
    out.push(`<line x1="${x(t).toFixed(1)}" y1="${plotTop - 6}" x2="${x(t).toFixed(1)}" y2="${bottom}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${x(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle" fill="#555">${escXml(o.tickLabel(t))}</text>`);
  }
  if (o.mark) {
    out.push(`<line x1="${x(o.mark.at).toFixed(1)}" y1="${plotTop - 6}" x2="${x(o.mark.at).toFixed(1)}" y2="${bottom}" stroke="#555" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${(x(o.mark.at) + 3).toFixed(1)}" y="${plotTop - 10}" fill="#555">${escXml(o.mark.text)}</text>`);
  }
  o.rows.forEach((e, i) => {
    const y = plotTop + i * (BAR_H + GAP);
    const cut = o.cap !== undefined && o.value(e) > o.cap;
    const v = cut ? o.cap! : o.value(e);
    out.push(`<text x="${LEFT - 8}" y="${y + BAR_H / 2 + 4}" text-anchor="end">${escXml(e.key)}</text>`);
    out.push(`<rect x="${LEFT}" y="${y}" width="${Math.max(1, x(v) - LEFT).toFixed(1)}" height="${BAR_H}" fill="${color(e)}"><title>${escXml(o.tooltip(e))}</title></rect>`);
    if (cut) out.push(`<path d="M${(x(v) - 14).toFixed(1)} ${y - 2} l6 ${BAR_H + 4} M${(x(v) - 8).toFixed(1)} ${y - 2} l6 ${BAR_H + 4}" stroke="#ffffff" stroke-width="3"/>`);
    out.push(`<text x="${(x(v) + 5).toFixed(1)}" y="${y + BAR_H / 2 + 4}">${escXml(o.label(e))}</text>`);
  });
  return { svg: out, height: bottom + 24 - o.top };
}

function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 4;
  const step = [1, 2, 2.5, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(raw))).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) out.push(Number(t.toFixed(6)));
  return out;
}

/** The chart: Envoy req/s ÷ no filter's, and extra Envoy CPU µs per request (× the floor's), same run. */
export function renderSvg(r: BenchResult): string {
  const m = r.machine;
  const width = LEFT + PLOT_W + 190;
  const out: string[] = [];
  const body: string[] = [];
  let top = 52;

  const thr = r.envoy.filter((e) => Number.isFinite(e.ratioNoFilter));
  const maxRatio = Math.max(1, ...thr.map((e) => e.ratioNoFilter));
  const p1 = panel({
    top,
    title: "Throughput relative to no filter (higher is better)",
    rows: thr,
    value: (e) => e.ratioNoFilter,
    label: (e) => `${e.ratioNoFilter.toFixed(2)}×${e.ratioNative !== undefined ? ` (${e.ratioNative.toFixed(2)}× native)` : ""}`,
    ticks: [0, 0.25, 0.5, 0.75, 1].filter((t) => t <= maxRatio),
    tickLabel: (t) => `${t.toFixed(2)}×`,
    tooltip: (e) => `${e.label}: ${Math.round(e.rps)} req/s, p50 ${e.p50Ms.toFixed(2)} ms, p99 ${e.p99Ms.toFixed(2)} ms`,
  });
  body.push(...p1.svg);
  top += p1.height + 16;

  const cpu = r.envoy.filter((e) => e.kind !== "baseline" && e.cost?.extraCpuUs);
  if (cpu.length) {
    const floor = r.envoy.find((e) => e.key === FLOOR)?.cost.extraCpuUs?.median;
    // The axis fits the header-work variants (plain requests); JWT verification, far costlier, is cut.
    const plain = cpu.filter((e) => e.requestMode === "plain").map((e) => e.cost.extraCpuUs!.median);
    const all = cpu.map((e) => e.cost.extraCpuUs!.median);
    const maxCpu = Math.max(...(plain.length ? plain : all), floor ?? 0);
    const cap = Math.max(...all) > maxCpu * 1.5 ? maxCpu * 1.25 : undefined;
    const p2 = panel({
      top,
      title: "Extra Envoy CPU per request over no filter, µs (lower is better)",
      rows: cpu,
      value: (e) => e.cost.extraCpuUs!.median,
      label: (e) => `${e.cost.extraCpuUs!.median.toFixed(2)} µs${e.cost.xFloorCpu ? ` (${e.cost.xFloorCpu.median.toFixed(2)}× floor)` : ""}`,
      ticks: niceTicks(cap ?? maxCpu),
      cap,
      tickLabel: (t) => `${t} µs`,
      mark: floor !== undefined ? { at: floor, text: `floor ${floor.toFixed(2)} µs` } : undefined,
      tooltip: (e) => {
        const x = e.cost.extraCpuUs!;
        return `${e.label}: ${e.cost.cpuUs?.median.toFixed(2)} CPU µs/req, extra ${x.median.toFixed(2)} µs (rounds ${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
      },
    });
    body.push(...p2.svg);
    top += p2.height;
  }

  const height = top + 10;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="10" y="20" font-size="15" font-weight="bold">envoy-as bench: Envoy, one worker, same run</text>`);
  out.push(`<text x="10" y="38" fill="#555">${escXml(`${r.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores · Node ${m.node} · Envoy ${m.envoy} · ${r.mode}, ${r.settings.rounds} round(s) × ${r.settings.durationS} s${m.busy ? " · busy machine" : ""}`)}</text>`);
  out.push(...body);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
