// Where our SDK's add-header (bench/filters/add-header) spends what the floor
// (bench/peers/floor) does not, for issue 15. Four views of the same modules:
//   1. the emulator, instrumented: per request (a stream as Envoy drives it in the bench:
//      request headers, response headers, a response body chunk, log, done, delete), the guest
//      callbacks that ran, the host calls they made, the host's allocations in the guest, and
//      the time per request under Node's V8;
//   2. add-header built with its function names kept and every guest function entry counted:
//      which SDK and runtime functions run per request, and how often;
//   3. the guest alone: each module's exports called in Envoy's order from a bare loop, host
//      functions stubbed, so the figure is the module's own code per stream;
//   4. Envoy (one worker, as in `npm run bench`), interleaved rounds: no filter, the floor, the
//      floor that also exports every callback exports-http has (each a no-op: what add-header
//      exported before the build left out the ones it does not override), and add-header;
//      Envoy's CPU per request over no filter and as a multiple of the floor's.
// The floor with the SDK's callbacks separates what Envoy charges for calling more callbacks
// from what the SDK does inside them. It compiles add-header from the current source itself.
//   npx tsx bench/profile-add-header.ts [--rounds N] [--duration S] [--no-envoy]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import binaryen from "binaryen";
import { BuildCache } from "../src/build/cache.ts";
import { runAsc } from "../src/build/asc.ts";
import { costOf, type RoundCost } from "../src/bench/cost.ts";
import { processCpuSeconds } from "../src/bench/cpu.ts";
import { median } from "../src/bench/emulator.ts";
import { hasCommand, runWrk, startVariant, type EnvoyVariant, type StartedVariant } from "../src/bench/envoy.ts";
import { FLOOR_SOURCE, buildFloor } from "../src/bench/floor.ts";
import type { BenchModule } from "../src/bench/modules.ts";
import { Host, LOG_LEVEL_OFF, Vm } from "../src/emulator/index.ts";

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const rounds = opt("--rounds", 5);
const durationS = opt("--duration", 2);
const root = join(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "envoy-as-profile-"));

/** No-op callbacks exports-http has beyond the floor's, with the results Envoy expects. */
const SDK_CALLBACKS = `
  (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_request_body") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_request_trailers") (param i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_response_body") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_response_trailers") (param i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_tick") (param i32))
  (func (export "proxy_on_log") (param i32))
  (func (export "proxy_on_done") (param i32) (result i32) (i32.const 1))
  (func (export "proxy_on_delete") (param i32))
`;

/**
 * Instruments `bytes` so that every defined function counts its entries in an exported i32
 * global; returns the new module and each counter's function name.
 */
function countEntries(bytes: Uint8Array): { wasm: Uint8Array; names: string[] } {
  const m = binaryen.readBinary(bytes);
  m.setFeatures(binaryen.Features.All);
  const names: string[] = [];
  for (let i = 0; i < m.getNumFunctions(); i++) {
    const f = m.getFunctionByIndex(i);
    const info = binaryen.getFunctionInfo(f);
    if (info.module) continue; // an import
    const g = `__entries_${names.length}`;
    m.addGlobal(g, binaryen.i32, true, m.i32.const(0));
    m.addGlobalExport(g, g);
    const bump = m.global.set(g, m.i32.add(m.global.get(g, binaryen.i32), m.i32.const(1)));
    binaryen.Function.setBody(f, m.block(null, [bump, info.body], info.results));
    names.push(info.name);
  }
  if (!m.validate()) throw new Error("instrumented module does not validate");
  const wasm = m.emitBinary();
  m.dispose();
  return { wasm, names };
}

function assemble(text: string, file: string): string {
  const m = binaryen.parseText(text);
  if (!m.validate()) throw new Error(`${file} does not validate`);
  writeFileSync(file, m.emitBinary());
  m.dispose();
  return file;
}

async function modules(): Promise<BenchModule[]> {
  const floor = buildFloor(root, work, new BuildCache(join(work, ".cache.json")));
  const wat = readFileSync(join(root, FLOOR_SOURCE), "utf8");
  const withCallbacks = assemble(wat.slice(0, wat.lastIndexOf(")")) + SDK_CALLBACKS + ")\n", join(work, "floor-callbacks.wasm"));
  const asc = await runAsc({ projectRoot: root, entry: join(root, "bench/filters/add-header/index.ts"), target: "release", args: ["--runtime", "minimal"] });
  if (!asc.ok) throw new Error(asc.diagnostics);
  const ours = join(work, "add-header.wasm");
  writeFileSync(ours, asc.binary!);
  const m = (key: string, wasm: string): BenchModule => ({ key, label: key, kind: "peer", work: "add-header", wasm, bytes: readFileSync(wasm).length, rootId: "add-header", configuration: "{}" });
  return [m("floor", floor), m("floor + SDK's callbacks (no-ops)", withCallbacks), m("add-header (ours)", ours)];
}

// ---- 1–3. Emulator, instrumented; guest function entries; the guest alone ---------------
const hostCalls = new Map<string, number>();
const instantiate = WebAssembly.instantiate;
// Counts every host function the guest calls: wraps the imports the emulator links.
(WebAssembly as { instantiate: unknown }).instantiate = (module: WebAssembly.Module, imports: WebAssembly.Imports) => {
  const wrapped: WebAssembly.Imports = {};
  for (const [ns, fns] of Object.entries(imports)) {
    wrapped[ns] = {};
    for (const [name, fn] of Object.entries(fns)) {
      wrapped[ns][name] = typeof fn === "function" ? (...a: unknown[]) => (hostCalls.set(name, (hostCalls.get(name) ?? 0) + 1), (fn as (...x: unknown[]) => unknown)(...a)) : fn;
    }
  }
  return instantiate(module, wrapped);
};
let lastInstance: WebAssembly.Instance | undefined;
const instantiateAndKeep = WebAssembly.instantiate;
(WebAssembly as { instantiate: unknown }).instantiate = async (module: WebAssembly.Module, imports: WebAssembly.Imports) => {
  const instance = (await (instantiateAndKeep as (m: WebAssembly.Module, i: WebAssembly.Imports) => Promise<WebAssembly.Instance>)(module, imports)) as WebAssembly.Instance;
  lastInstance = instance;
  return instance;
};
const callbacks = new Map<string, number>();
const call = Vm.prototype.call;
Vm.prototype.call = function (this: Vm, callback, ctx, a) {
  if (this.hasExport(callback)) callbacks.set(callback, (callbacks.get(callback) ?? 0) + 1);
  return call.call(this, callback, ctx, a);
};

const list = await modules();
const perRequest = (m: Map<string, number>, n: number) => [...m].map(([k, v]) => `${k.replace(/^proxy_/, "")} ${(v / n).toFixed(2)}`).join(", ") || "none";
console.log("== emulator: per request (stream as Envoy drives it in the bench), median of 5 × 300 ms");
for (const mod of list) {
  const host = new Host();
  const vm = await host.loadVm(readFileSync(mod.wasm), { name: mod.key });
  const plugin = vm.createPlugin({ rootId: "add-header", configuration: "{}" });
  host.logLevel = LOG_LEVEL_OFF;
  const once = () => {
    const s = plugin.newHttpStream();
    s.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "bench", "user-agent": "wrk" }, { endOfStream: true });
    s.sendResponseHeaders({ ":status": "200", "content-length": "3", "content-type": "text/plain" });
    s.sendResponseBody("ok\n", { endOfStream: true });
    s.complete();
    return s;
  };
  if (once().responseHeader("x-bench") !== "envoy-as") throw new Error(`${mod.key} did not set x-bench`);
  for (let i = 0; i < 20_000; i++) once();
  hostCalls.clear();
  callbacks.clear();
  const allocBefore = { ...vm.allocations };
  const n = 10_000;
  for (let i = 0; i < n; i++) once();
  const counted = { callbacks: perRequest(callbacks, n), host: perRequest(hostCalls, n), alloc: ((vm.allocations.count - allocBefore.count) / n).toFixed(2) };
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    let k = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 300) for (let i = 0; i < 100; i++, k++) once();
    samples.push(((performance.now() - t0) * 1000) / k);
  }
  console.log(`${mod.key}: ${median(samples).toFixed(3)} µs/req (rounds ${Math.min(...samples).toFixed(3)}–${Math.max(...samples).toFixed(3)}), ${mod.bytes} bytes`);
  console.log(`  callbacks/req: ${counted.callbacks}`);
  console.log(`  host calls/req: ${counted.host}; host allocations in the guest/req: ${counted.alloc}; linear memory ${vm.memoryBytes() / 1024} KiB`);
}

// Guest function entries per request, in add-header built with its function names kept.
{
  const asc = await runAsc({ projectRoot: root, entry: join(root, "bench/filters/add-header/index.ts"), target: "release", args: ["--runtime", "minimal", "--debug"] });
  if (!asc.ok) throw new Error(asc.diagnostics);
  const { wasm, names } = countEntries(asc.binary!);
  const host = new Host();
  const vm = await host.loadVm(wasm, { name: "add-header, counted" });
  const instance = lastInstance!;
  const plugin = vm.createPlugin({ rootId: "add-header", configuration: "{}" });
  const read = () => names.map((_, i) => (instance.exports[`__entries_${i}`] as WebAssembly.Global).value as number);
  const stream = () => {
    const s = plugin.newHttpStream();
    s.sendRequestHeaders({ ":method": "GET", ":path": "/" }, { endOfStream: true });
    s.sendResponseHeaders({ ":status": "200", "content-length": "3" });
    s.sendResponseBody("ok\n", { endOfStream: true });
    s.complete();
  };
  for (let i = 0; i < 1000; i++) stream();
  const before = read();
  const n = 2560; // a multiple of the SDK's 128 streams per collection (runtime/gc.ts)
  for (let i = 0; i < n; i++) stream();
  const after = read();
  const rows = names.map((name, i) => ({ name, perRequest: (after[i] - before[i]) / n })).filter((r) => r.perRequest > 0).sort((a, b) => b.perRequest - a.perRequest);
  const total = rows.reduce((a, r) => a + r.perRequest, 0);
  console.log(`\n== guest function entries per request, add-header (-O3, names kept): ${total.toFixed(2)} in ${rows.length} functions`);
  for (const r of rows) console.log(`  ${r.perRequest.toFixed(3).padStart(8)}  ${r.name}`);
}
WebAssembly.instantiate = instantiate;
Vm.prototype.call = call;

// The guest alone: each module's exports called directly, in the order Envoy calls them for one
// bench request, with every host function a stub (Ok, nothing returned). An export the module
// lacks is not called, as in Envoy.
{
  console.log("\n== guest alone: ns per stream (exports called in Envoy's order, host stubbed), median of 7 rounds");
  type Fn = (...a: number[]) => number;
  for (const mod of list) {
    const module = new WebAssembly.Module(readFileSync(mod.wasm));
    const stub: Record<string, Record<string, Fn>> = {};
    for (const imp of WebAssembly.Module.imports(module)) (stub[imp.module] ??= {})[imp.name] = imp.name === "proxy_get_property" || imp.name === "proxy_get_buffer_bytes" ? () => 1 /* NotFound */ : () => 0;
    const x = new WebAssembly.Instance(module, stub).exports as Record<string, Fn>;
    const noop: Fn = () => 0;
    const f = (name: string) => x[name] ?? noop;
    x._initialize?.();
    f("proxy_on_context_create")(1, 0);
    f("proxy_on_vm_start")(1, 0);
    f("proxy_on_configure")(1, 2);
    const [create, reqH, resH, resB, log, done, del] = ["proxy_on_context_create", "proxy_on_request_headers", "proxy_on_response_headers", "proxy_on_response_body", "proxy_on_log", "proxy_on_done", "proxy_on_delete"].map(f);
    let id = 2;
    const streams = (k: number) => {
      for (let i = 0; i < k; i++, id++) {
        create(id, 1);
        reqH(id, 4, 1);
        resH(id, 3, 0);
        resB(id, 3, 1);
        log(id);
        done(id);
        del(id);
      }
    };
    streams(200_000);
    const ns: number[] = [];
    for (let r = 0; r < 7; r++) {
      const t0 = process.hrtime.bigint();
      streams(200_000);
      ns.push(Number(process.hrtime.bigint() - t0) / 200_000);
    }
    console.log(`${mod.key.padEnd(36)} ${median(ns).toFixed(1).padStart(7)} ns/stream (rounds ${Math.min(...ns).toFixed(1)}–${Math.max(...ns).toFixed(1)})`);
  }
}

// ---- 4. Envoy -------------------------------------------------------------------------
if (!args.includes("--no-envoy")) {
  if (!(await hasCommand("wrk"))) throw new Error("wrk is not installed (apt-get install wrk)");
  const variants: EnvoyVariant[] = [
    { key: "no filter", label: "no filter", kind: "baseline", requestMode: "plain" },
    ...list.map((m): EnvoyVariant => ({ key: m.key, label: m.key, kind: "wasm", requestMode: "plain", module: m, expectHeader: ["x-bench", "envoy-as"] })),
  ];
  const started: StartedVariant[] = [];
  const byKey = new Map<string, RoundCost[]>();
  try {
    for (const v of variants) started.push(await startVariant(v, undefined, 0));
    for (const s of started) await runWrk(s.envoy.listenerUrl, "plain", undefined, { durationS: 1, connections: 16, wrkCore: 1, workDir: work });
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < started.length; i++) {
        const s = started[(i + r) % started.length];
        const before = processCpuSeconds(s.envoy.pid)!;
        const w = await runWrk(s.envoy.listenerUrl, "plain", undefined, { durationS, connections: 16, wrkCore: 1, workDir: work });
        const cpuUs = ((processCpuSeconds(s.envoy.pid)! - before) * 1e6) / w.requests;
        (byKey.get(s.variant.key) ?? byKey.set(s.variant.key, []).get(s.variant.key)!).push({ rps: w.rps, cpuUs });
      }
    }
  } finally {
    await Promise.all(started.map((s) => s.envoy.stop()));
  }
  const nf = byKey.get("no filter");
  const fl = byKey.get("floor");
  console.log(`\n== Envoy (--concurrency 1, wrk -c16 on the other core), ${rounds} interleaved rounds × ${durationS} s; median (min–max of rounds)`);
  for (const [key, rs] of byKey) {
    const c = costOf(rs, nf, fl);
    const f = (x?: { median: number; min: number; max: number }) => (x ? `${x.median.toFixed(2)} (${x.min.toFixed(2)}–${x.max.toFixed(2)})` : "");
    console.log(`${key.padEnd(36)} ${Math.round(median(rs.map((x) => x.rps))).toString().padStart(7)} req/s  CPU ${f(c.cpuUs)} µs/req  extra ${f(c.extraCpuUs)} µs  × floor ${f(c.xFloorCpu)}`);
  }
}
rmSync(work, { recursive: true, force: true });
