const n = (x, d = 2) => (x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(d));
const int = (x) => (x === undefined || !Number.isFinite(x) ? "n/a" : Math.round(x).toLocaleString("en-US"));
const kib = (x) => (x === undefined ? "n/a" : `${(x / 1024).toLocaleString("en-US", { maximumFractionDigits: 0 })} KiB`);
const pct = (x) => (x === undefined || !Number.isFinite(x) ? "n/a" : `${(x * 100).toFixed(1)} %`);
const mark = (m) => (m === null ? "—" : m ? "met" : "MISSED");
/** (max − min) / median of the per-round samples: how much to trust a ratio. */
function spread(xs) {
    if (xs.length < 2)
        return "";
    const s = [...xs].sort((a, b) => a - b);
    const med = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return `±${(((s[s.length - 1] - s[0]) / med) * 50).toFixed(0)} %`;
}
function grid(head, rows, rightFrom = 1) {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (r) => r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
    return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
function md(head, rows, rightFrom = 1) {
    const align = head.map((_, i) => (i >= rightFrom ? "---:" : "---"));
    const esc = (c) => c.replaceAll("|", "\\|");
    return [`| ${head.join(" | ")} |`, `| ${align.join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join("\n");
}
function sections(r) {
    const out = [];
    if (r.envoy.length) {
        out.push({
            title: "Envoy, one worker (--concurrency 1), direct_response, wrk -t1 -c" + r.settings.connections,
            head: ["variant", "req/s", "spread", "× no filter", "× native", "p50 ms", "p99 ms", "cold start ms"],
            rows: r.envoy.map((e) => [e.key, int(e.rps), spread(e.samples.map((x) => x.rps)), n(e.ratioNoFilter), e.ratioNative === undefined ? "" : n(e.ratioNative), n(e.p50Ms), n(e.p99Ms), int(e.coldStartMs)]),
            note: `req/s: median of ${r.settings.rounds} round(s) × ${r.settings.durationS}s, variants interleaved (spread: ± half the range of the rounds, as % of the median); ${r.settings.pinned}; latency is under saturating closed-loop load (queueing included). "× native": the native filter doing the same work with the same requests.`,
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
    out.push({
        title: "Targets",
        head: ["target", "want", "got", "verdict", "note"],
        rows: r.targets.map((t) => [t.name, t.want, t.got, mark(t.met), t.note ?? ""]),
        rightFrom: 99,
    });
    return out;
}
function header(r) {
    const m = r.machine;
    return `envoy-as bench (${r.mode}), ${r.date.slice(0, 16).replace("T", " ")} UTC, ${r.elapsedS}s — ${m.cpu}, ${m.cores} cores, Node ${m.node}, Envoy ${m.envoy}; load average ${m.loadAvgStart} → ${m.loadAvgEnd}${m.busy ? " (BUSY MACHINE: absolute figures are noisy; ratios are side by side)" : ""}`;
}
function hotLine(r) {
    if (r.hotReload.status !== "present")
        return "pending (bench/hot-reload.ts has not written bench/results/hot-reload.json)";
    const list = (r.hotReload.p50s ?? []).map((p) => `${p.what} p50 ${n(p.p50Ms, 0)} ms`).join("; ");
    return `${list || "no saveToServing.p50 found"} (from ${r.hotReload.source}, measured by bench/hot-reload.ts in its own run)`;
}
export function renderTable(r) {
    const parts = [header(r)];
    for (const s of sections(r)) {
        parts.push("", `== ${s.title}`, grid(s.head, s.rows, s.rightFrom));
        if (s.note)
            parts.push(s.note);
    }
    if (r.skipped.length)
        parts.push("", "== Skipped", ...r.skipped.map((s) => `- ${s.key}: ${s.reason}`));
    const missed = r.targets.filter((t) => t.met === false);
    parts.push("", missed.length ? `Short of target: ${missed.map((t) => `${t.name} (${t.got}, want ${t.want})`).join("; ")}` : "No measured target missed.");
    parts.push(`Hot reload: ${hotLine(r)}`);
    parts.push(`Envoy memory: ${r.envoyMemoryNote}`);
    return parts.join("\n");
}
export function renderMarkdown(r) {
    const parts = [`# envoy-as benchmark (${r.mode})`, "", header(r), "", `![Envoy throughput relative to no filter](${r.mode === "smoke" ? "smoke" : "latest"}.svg)`];
    for (const s of sections(r)) {
        parts.push("", `## ${s.title}`, "", md(s.head, s.rows, s.rightFrom));
        if (s.note)
            parts.push("", s.note);
    }
    if (r.skipped.length)
        parts.push("", "## Skipped", "", ...r.skipped.map((s) => `- **${s.key}**: ${s.reason.replaceAll("\n", " ")}`));
    if (r.envoy.length) {
        parts.push("", "## Envoy memory (process-wide)", "", md(["variant", "tcmalloc allocated warm → end", "RSS warm → end"], r.envoy.map((e) => [e.key, `${kib(e.memory.tcmallocAfterWarmup)} → ${kib(e.memory.tcmallocAfterRun)}`, `${kib(e.memory.rssAfterWarmup)} → ${kib(e.memory.rssAfterRun)}`])), "", r.envoyMemoryNote);
    }
    parts.push("", `Hot reload (save to serving): ${hotLine(r)}`);
    return parts.join("\n") + "\n";
}
const escXml = (s) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
/** Horizontal bars: Envoy req/s of each variant ÷ no filter's, same run. */
export function renderSvg(r) {
    const rows = r.envoy.filter((e) => Number.isFinite(e.ratioNoFilter));
    const barH = 22;
    const gap = 8;
    const left = 330;
    const plotW = 420;
    const top = 58;
    const width = left + plotW + 170; // room for "1.19× (0.95× native)" past the longest bar
    const height = top + Math.max(1, rows.length) * (barH + gap) + 40;
    const max = Math.max(1.05, ...rows.map((e) => e.ratioNoFilter));
    const x = (v) => left + (v / max) * plotW;
    const color = (k) => (k === "baseline" ? "#9e9e9e" : k === "native" ? "#4e79a7" : "#f28e2b");
    const m = r.machine;
    const out = [];
    out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
    out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
    out.push(`<text x="10" y="20" font-size="15" font-weight="bold">Envoy throughput relative to no filter (higher is better)</text>`);
    out.push(`<text x="10" y="38" fill="#555">${escXml(`${r.date.slice(0, 10)} · ${m.cpu}, ${m.cores} cores · Node ${m.node} · Envoy ${m.envoy} · ${r.mode}${m.busy ? " · busy machine" : ""}`)}</text>`);
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
        if (t > max)
            continue;
        out.push(`<line x1="${x(t).toFixed(1)}" y1="${top - 6}" x2="${x(t).toFixed(1)}" y2="${height - 30}" stroke="${t === 1 ? "#888" : "#e0e0e0"}" stroke-dasharray="${t === 1 ? "4 3" : ""}"/>`);
        out.push(`<text x="${x(t).toFixed(1)}" y="${height - 14}" text-anchor="middle" fill="#555">${t.toFixed(2)}×</text>`);
    }
    rows.forEach((e, i) => {
        const y = top + i * (barH + gap);
        out.push(`<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end">${escXml(e.key)}</text>`);
        out.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(e.ratioNoFilter) - left).toFixed(1)}" height="${barH}" fill="${color(e.kind)}"><title>${escXml(`${e.label}: ${Math.round(e.rps)} req/s, p50 ${e.p50Ms.toFixed(2)} ms, p99 ${e.p99Ms.toFixed(2)} ms`)}</title></rect>`);
        out.push(`<text x="${(x(e.ratioNoFilter) + 5).toFixed(1)}" y="${y + barH / 2 + 4}">${e.ratioNoFilter.toFixed(2)}×${e.ratioNative !== undefined ? ` (${e.ratioNative.toFixed(2)}× native)` : ""}</text>`);
    });
    out.push(`</svg>`);
    return out.join("\n") + "\n";
}
