// Renders a bench result: a plain-text table for the terminal, markdown for bench/results/*.md
// (and README's Performance section); the SVG chart is in chart.ts.
import { SAME_WITHIN, largestMoves } from "./between-runs.ts";
import type { Spread } from "./cost.ts";
import type { BenchResult } from "./result.ts";

const n = (x: number | undefined, d = 2) => (x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(d));
const int = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "n/a" : Math.round(x).toLocaleString("en-US"));
const kib = (x: number | undefined) => (x === undefined ? "n/a" : `${(x / 1024).toLocaleString("en-US", { maximumFractionDigits: 0 })} KiB`);
const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(1)} %`);
const mark = (m: boolean | null) => (m === null ? "—" : m ? "met" : "MISSED");

/** (max − min) / median of the per-round samples: how much to trust a ratio. */
function spread(xs: number[]): string {
  if (xs.length < 2) return "";
  const s = [...xs].sort((a, b) => a - b);
  const med = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `±${(((s[s.length - 1] - s[0]) / med) * 50).toFixed(0)} %`;
}

/** "1.23 (1.10–1.40)": a median with its per-round range, or the median alone for one round. */
const ranged = (x: Spread | undefined, d = 2) => (x === undefined ? "n/a" : x.n > 1 ? `${n(x.median, d)} (${n(x.min, d)}–${n(x.max, d)})` : n(x.median, d));

function grid(head: string[], rows: string[][], rightFrom = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function md(head: string[], rows: string[][], rightFrom = 1): string {
  const align = head.map((_, i) => (i >= rightFrom ? "---:" : "---"));
  const esc = (c: string) => c.replaceAll("|", "\\|");
  return [`| ${head.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}

interface Section {
  title: string;
  head: string[];
  rows: string[][];
  rightFrom?: number;
  note?: string;
}

function sections(r: BenchResult): Section[] {
  const out: Section[] = [];
  if (r.envoy.length) {
    out.push({
      title: "Envoy, one worker (--concurrency 1), direct_response, wrk -t1 -c" + r.settings.connections,
      head: ["variant", "req/s beside no filter", "spread", "× no filter", "× native", "p50 ms", "p99 ms", "cold start ms"],
      rows: r.envoy.map((e) => [e.key, int(e.rps), spread(e.samples.map((x) => x.rps)), n(e.ratioNoFilter), e.ratioNative === undefined ? "" : n(e.ratioNative), n(e.p50Ms), n(e.p99Ms), int(e.coldStartMs)]),
      note: `req/s: median of ${r.settings.rounds} round(s) × ${r.settings.durationS}s, variants interleaved (spread: ± half the range of the rounds, as % of the median); ${r.settings.pinned}. Paired load: each variant is loaded in the same second as the no-filter Envoy, both on Envoy's core, so each has about half of it; "× no filter" is the median of the per-second ratios, and "× native" the ratio of the two variants' "× no filter", the throughput ratio they would have alone. Latency is under saturating closed-loop load (queueing included).`,
    });
  }
  if (r.envoy.some((e) => e.cost?.cpuUs)) {
    const floor = r.envoy.find((e) => e.key === "floor/add-header");
    out.push({
      title: "Envoy cost per request over no filter, and as a multiple of the floor's",
      head: ["variant", "CPU µs/req", "× no filter (CPU)", "extra CPU µs/req", "× floor (CPU)", "extra wall µs/req", "× floor (wall)"],
      rows: r.envoy.map((e) => [e.key, ranged(e.cost.cpuUs), e.key === "no-filter" ? "" : ranged(e.cost.xNoFilterCpu, 3), e.key === "no-filter" ? "" : ranged(e.cost.extraCpuUs), e.key === "no-filter" ? "" : ranged(e.cost.xFloorCpu), e.key === "no-filter" ? "" : ranged(e.cost.extraWallUs), e.key === "no-filter" ? "" : ranged(e.cost.xFloorWall)]),
      note:
        `CPU: ${r.settings.cpu ?? "Envoy's utime + stime from /proc/<pid>/stat"}; wall: 1 / req/s. "× no filter": this round's figure ÷ no filter's in the same round (the steadiest figure: the host's drift moves every variant together); "extra": this round's figure minus no filter's in the same second; "× floor": that extra relative to its no filter ÷ the floor's extra relative to its no filter, per round ` +
        `(the floor, bench/peers/floor: hand-written WebAssembly doing only add-header's one host call, the least any Wasm filter adds${floor?.cost.extraCpuUs ? `: ${n(floor.cost.extraCpuUs.median)} CPU µs/req here` : ""}). ` +
        `Median of the rounds, (min–max) of the rounds in brackets: two figures whose ranges overlap are inside this run's own spread.`,
    });
  }
  out.push({
    title: "Module size (release) and emulator (Node, full request: headers both ways + complete())",
    head: ["module", "bytes", "emulator req/s", "µs/req", "cold start ms", "linear memory warm → end", "flat"],
    rows: r.sizes.map((s) => {
      const e = r.emulator.find((x) => x.key === s.key);
      return [s.key, int(s.bytes), int(e?.rps), n(e?.usPerRequest), n(e?.coldStartMs, 1), e ? `${kib(e.memoryAfterWarmup)} → ${kib(e.memoryAfterRun)} (${int(e.requests)} req)` : "n/a", e ? (e.flat ? "yes" : "GREW") : "n/a"];
    }),
    note: "cold start: compile + instantiate + start + configure + first request. Linear memory is memory.size (what the VM holds).",
  });
  if (r.runtimes.rows.length) {
    out.push({
      title: "AssemblyScript runtime variants of add-header (GC overhead = extra time over stub, which never frees)",
      head: ["runtime", "bytes", "emulator µs/req", "GC share (emu)", "Envoy req/s", "GC share (Envoy)", "memory (emu) warm → end"],
      rows: r.runtimes.rows.map((x) => [x.runtime + (x.runtime === "minimal" ? " + SDK safe points (default)" : ""), int(x.bytes), n(x.emuUsPerRequest, 3), pct(x.emuGcShare), int(x.envoyRps), pct(x.envoyGcShare), x.emuMemory ? `${kib(x.emuMemory[0])} → ${kib(x.emuMemory[1])}` : "n/a"]),
      note: r.runtimes.recommendation,
    });
  }
  if (r.headToHead?.length) {
    out.push({
      title: "Head to head: our variant and what its target compares it with, loaded in the same seconds on the same core",
      head: ["variant", "beside", "CPU µs/req ÷ theirs", "req/s ÷ theirs"],
      rows: r.headToHead.map((d) => [d.a, d.b, ranged(d.cpu, 3), ranged(d.rps, 3)]),
      note: "Median of the rounds (min–max). Below 1 in CPU (above 1 in req/s): ours costs less. The targets use these where they exist.",
    });
  }
  const b = r.betweenRuns;
  if (b) {
    const d = (x: [number, number, number] | undefined, digits: number) => (x ? `${n(x[0], digits)} → ${n(x[1], digits)} (${x[2] >= 0 ? "+" : "−"}${Math.abs(x[2] * 100).toFixed(1)} %${Math.abs(x[2]) > SAME_WITHIN ? " !" : ""})` : "");
    const moves = largestMoves(b);
    out.push({
      title: `Between runs: the previous run (${b.previousDate.slice(0, 16).replace("T", " ")} UTC) → this one`,
      head: ["variant", "CPU µs/req", "× no filter (CPU)"],
      rows: [...b.rows.map((x) => [x.key, d(x.cpuUs, 2), d(x.xNoFilter, 3)]), ...(b.headToHead ?? []).map((h) => [`${h.a} ÷ ${h.b} (head to head)`, "", d(h.cpu, 3)])],
      note: `Medians of each run. Largest move: CPU µs/req ${(moves.cpuUs * 100).toFixed(1)} %, × no filter ${(moves.xNoFilter * 100).toFixed(1)} %, head to head ${(moves.headToHead * 100).toFixed(1)} %; "!" marks a move over ${SAME_WITHIN * 100} %.${b.onlyInOne.length ? ` In one run only: ${b.onlyInOne.join(", ")}.` : ""}`,
    });
  }
  out.push({
    title: "Targets",
    head: ["target", "want", "got", "verdict", "note"],
    rows: r.targets.map((t) => [t.name, t.want, t.got, mark(t.met), t.note ?? ""]),
    rightFrom: 99,
  });
  return out;
}

function header(r: BenchResult): string {
  const m = r.machine;
  return `envoy-as bench (${r.mode}), ${r.date.slice(0, 16).replace("T", " ")} UTC, ${r.elapsedS}s — ${m.cpu}, ${m.cores} cores, Node ${m.node}, Envoy ${m.envoy}; load average ${m.loadAvgStart} → ${m.loadAvgEnd}${m.busy ? " (BUSY MACHINE: absolute figures are noisy; ratios are side by side)" : ""}`;
}

function hotLine(r: BenchResult): string {
  if (r.hotReload.status !== "present") return "pending (bench/hot-reload.ts has not written bench/results/hot-reload.json)";
  const list = (r.hotReload.p50s ?? []).map((p) => `${p.what} p50 ${n(p.p50Ms, 0)} ms`).join("; ");
  return `${list || "no saveToServing.p50 found"} (from ${r.hotReload.source}, measured by bench/hot-reload.ts in its own run)`;
}

export function renderTable(r: BenchResult): string {
  const parts = [header(r)];
  for (const s of sections(r)) {
    parts.push("", `== ${s.title}`, grid(s.head, s.rows, s.rightFrom));
    if (s.note) parts.push(s.note);
  }
  if (r.skipped.length) parts.push("", "== Skipped", ...r.skipped.map((s) => `- ${s.key}: ${s.reason}`));
  const missed = r.targets.filter((t) => t.met === false);
  parts.push("", missed.length ? `Short of target: ${missed.map((t) => `${t.name} (${t.got}, want ${t.want})`).join("; ")}` : "No measured target missed.");
  parts.push(`Hot reload: ${hotLine(r)}`);
  parts.push(`Envoy memory: ${r.envoyMemoryNote}`);
  return parts.join("\n");
}

export function renderMarkdown(r: BenchResult): string {
  const parts = [`# envoy-as benchmark (${r.mode})`, "", header(r), "", `![Envoy throughput relative to no filter](${r.mode === "smoke" ? "smoke" : "latest"}.svg)`];
  for (const s of sections(r)) {
    parts.push("", `## ${s.title}`, "", md(s.head, s.rows, s.rightFrom));
    if (s.note) parts.push("", s.note);
  }
  if (r.skipped.length) parts.push("", "## Skipped", "", ...r.skipped.map((s) => `- **${s.key}**: ${s.reason.replaceAll("\n", " ")}`));
  if (r.envoy.length) {
    parts.push("", "## Envoy memory (process-wide)", "", md(["variant", "tcmalloc allocated warm → end", "RSS warm → end"], r.envoy.map((e) => [e.key, `${kib(e.memory.tcmallocAfterWarmup)} → ${kib(e.memory.tcmallocAfterRun)}`, `${kib(e.memory.rssAfterWarmup)} → ${kib(e.memory.rssAfterRun)}`])), "", r.envoyMemoryNote);
  }
  parts.push("", `Hot reload (save to serving): ${hotLine(r)}`);
  return parts.join("\n") + "\n";
}
