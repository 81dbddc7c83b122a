// Save-to-serving latency of hot reload, against a real Envoy (2 workers):
//   file written → first response showing the new behaviour, over N code reloads and N
//   configuration-only reloads of a realistic filter (assembly/filters/header-rewrite, else
//   hello-world), with the reloader's split into build (compile + checks) and apply (ECDS file
//   replaced → Envoy's counters confirm every worker).
//
//   npx tsx bench/hot-reload.ts [--runs N] [--opt 0-3] [--filter NAME]
//
// Prints a table and writes bench/results/hot-reload.json (one entry per --opt level, merged).
import { Agent, request } from "node:http";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { HotReloader, type ReloadReport } from "../src/dev/reloader.ts";
import { envoyVersion, ensureEnvoy } from "../src/envoy/install.ts";
import { startEnvoy } from "../src/envoy/launcher.ts";
import { startEcho } from "../src/upstream/echo.ts";
import { REPO_ROOT, scratchProject } from "../test/dev/scratch.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const RUNS = Number(arg("--runs", "10"));
const OPT = Number(arg("--opt", "0"));
const FILTER = arg("--filter", existsSync(join(REPO_ROOT, "assembly/filters/header-rewrite/index.ts")) ? "header-rewrite" : "hello-world");

// ------------------------------------------------------------------ what each reload changes
// Code: a marker header set first thing in onResponseHeaders. Config: header-rewrite gets one more
// rule that sets a header; hello-world's value changes.
const MARK = "x-bench-rev";
const CFG_MARK = FILTER === "header-rewrite" ? "x-bench-cfg" : "x-hello";

function withCodeMarker(source: string, rev: string): string {
  const re = /(onResponseHeaders\([^)]*\)\s*:\s*HeadersAction\s*\{)/;
  if (!re.test(source)) throw new Error(`${FILTER}/index.ts has no onResponseHeaders(...): HeadersAction { to mark`);
  return source.replace(re, `$1\n    response.headers.set("${MARK}", "${rev}");`);
}

function withConfigMarker(config: any, rev: string): unknown {
  if (FILTER === "header-rewrite") {
    return { ...config, rules: [...(config.rules ?? []), { name: "bench", response: { headers: [{ op: "set", name: CFG_MARK, value: rev }] } }] };
  }
  return { ...config, header: CFG_MARK, value: rev };
}

// ------------------------------------------------------------------ setup
const project = scratchProject("envoy-as-bench-hot-reload-");
const filterRel = `assembly/filters/${FILTER}`;
cpSync(join(REPO_ROOT, filterRel), join(project.dir, filterRel), { recursive: true });
const pristine = project.read(`${filterRel}/index.ts`);
const baseConfig = existsSync(join(project.dir, filterRel, "config.json")) ? JSON.parse(project.read(`${filterRel}/config.json`)) : {};
project.write(`${filterRel}/index.ts`, withCodeMarker(pristine, "r0"));

const reports: ReloadReport[] = [];
const waiters: ((r: ReloadReport) => void)[] = [];
const reloader = new HotReloader({
  projectRoot: project.dir,
  filters: [FILTER],
  optimize: { optimizeLevel: OPT },
  onReport: (r) => {
    reports.push(r);
    waiters.shift()?.(r);
  },
});
const echo = await startEcho();
const filters = await reloader.prepare();
const envoy = await startEnvoy({ filters, upstream: { host: "127.0.0.1", port: echo.port }, concurrency: 2 });
await reloader.attach(envoy);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function header(name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${envoy.listenerUrl}/bench`, { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.headers[name] as string | undefined));
    });
    req.on("error", reject);
    req.end();
  });
}

interface Sample {
  kind: "code" | "config";
  rev: string;
  serveMs: number;
  buildMs: number;
  applyMs: number;
  reloaderTotalMs: number;
  compiled: boolean;
  /** asc's split of the build (parse, compile, optimize, emit), ms. */
  phases?: ReloadReport["phases"];
}

/** Writes a change, then polls until the response shows `rev`; pairs it with the reloader's report. */
async function measure(kind: "code" | "config", rev: string, write: () => void, mark: string): Promise<Sample> {
  const report = new Promise<ReloadReport>((r) => waiters.push(r));
  write();
  const t0 = performance.now();
  const deadline = t0 + 30_000;
  while ((await header(mark)) !== rev) {
    if (performance.now() > deadline) throw new Error(`${kind} ${rev}: not served after 30 s; reports: ${JSON.stringify(reports.slice(-2))}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const serveMs = performance.now() - t0;
  const r = await report;
  if (r.outcome !== "applied") throw new Error(`${kind} ${rev}: ${r.outcome}: ${r.error}`);
  return { kind, rev, serveMs, buildMs: r.buildMs, applyMs: r.applyMs, reloaderTotalMs: r.totalMs, compiled: r.compiled, phases: r.phases };
}

const samples: Sample[] = [];
let moduleBytes = 0;
try {
  await reloader.warm(); // as npm start does after Envoy is up
  reloader.watch({ debounceMs: 20 });
  await reloader.watching();
  // One unmeasured reload of each kind: warms asc, V8 and the paths measured below.
  await measure("code", "warm", () => project.write(`${filterRel}/index.ts`, withCodeMarker(pristine, "warm")), MARK);
  await measure("config", "warm", () => project.write(`${filterRel}/config.json`, JSON.stringify(withConfigMarker(baseConfig, "warm"))), CFG_MARK);
  for (let i = 1; i <= RUNS; i++) {
    await new Promise((r) => setTimeout(r, 300));
    samples.push(await measure("code", `r${i}`, () => project.write(`${filterRel}/index.ts`, withCodeMarker(pristine, `r${i}`)), MARK));
  }
  for (let i = 1; i <= RUNS; i++) {
    await new Promise((r) => setTimeout(r, 300));
    samples.push(await measure("config", `c${i}`, () => project.write(`${filterRel}/config.json`, JSON.stringify(withConfigMarker(baseConfig, `c${i}`))), CFG_MARK));
  }
  moduleBytes = readFileSync(reloader.status()[FILTER]!.wasm!).length;
} finally {
  agent.destroy();
  await reloader.close();
  await envoy.stop();
  await echo.close();
  project.remove();
}

// ------------------------------------------------------------------ report
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const summary = (kind: "code" | "config") => {
  const xs = samples.filter((s) => s.kind === kind);
  const stat = (f: (s: Sample) => number) => ({ p50: Math.round(pct(xs.map(f), 50)), max: Math.round(Math.max(...xs.map(f))) });
  return { runs: xs.length, saveToServing: stat((s) => s.serveMs), build: stat((s) => s.buildMs), apply: stat((s) => s.applyMs), compiled: xs.every((s) => s.compiled) };
};
const result = {
  filter: FILTER,
  optimizeLevel: OPT,
  moduleBytes,
  envoy: await envoyVersion(await ensureEnvoy()).catch(() => "?"),
  node: process.version,
  cpus: cpus().length,
  envoyWorkers: 2,
  date: new Date().toISOString(),
  code: summary("code"),
  config: summary("config"),
  samples: samples.map((s) => ({ ...s, serveMs: Math.round(s.serveMs), buildMs: Math.round(s.buildMs), applyMs: Math.round(s.applyMs), reloaderTotalMs: Math.round(s.reloaderTotalMs) })),
};

const rows = [
  ["change", "runs", "save→serving p50", "max", "build p50", "max", "apply p50", "max", "recompiled"],
  ...(["code", "config"] as const).map((k) => {
    const s = result[k];
    return [k, String(s.runs), `${s.saveToServing.p50} ms`, `${s.saveToServing.max} ms`, `${s.build.p50} ms`, `${s.build.max} ms`, `${s.apply.p50} ms`, `${s.apply.max} ms`, s.compiled ? "yes" : "no"];
  }),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`hot reload of ${FILTER} (dev build -O${OPT}, module ${moduleBytes.toLocaleString("en-US")} bytes), Envoy ${result.envoy}, ${result.cpus} cores, ${RUNS} runs each`);
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}

const out = join(REPO_ROOT, "bench/results/hot-reload.json");
mkdirSync(join(REPO_ROOT, "bench/results"), { recursive: true });
let all: Record<string, unknown> = {};
try {
  all = JSON.parse(readFileSync(out, "utf8"));
} catch {
  all = {};
}
all[`${FILTER} -O${OPT}`] = result;
writeFileSync(out, JSON.stringify(all, null, 2) + "\n");
console.log(`wrote ${out}`);
