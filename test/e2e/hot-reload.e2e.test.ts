// Hot reload against a real Envoy (local binary): a scratch project with two filters served through
// file-based ECDS by one Envoy (2 workers), driven by src/dev/reloader.ts. The tests run in order and
// each leaves the filters serving their sources again.
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HotReloader, formatReport, type ReloadReport } from "../../src/dev/reloader.ts";
import { readEcdsCounters } from "../../src/dev/ecds.ts";
import { startEnvoy, type RunningEnvoy } from "../../src/envoy/launcher.ts";
import { MODE } from "./support/target.ts";
import { serveHttp } from "../../src/util/http-server.ts";
import { waitFor } from "../../src/util/wait.ts";
import { scratchProject, versionFilter, VERSION_FILTER_SCHEMA, type ScratchProject } from "../dev/scratch.ts";

const A = "hr-a";
const B = "hr-b";
const src = (name: string) => `assembly/filters/${name}/index.ts`;
const cfg = (name: string) => `assembly/filters/${name}/config.json`;

/** Upstream: answers at once, or after N ms for /slow/N; keeps connections alive. */
async function startUpstream(): Promise<{ port: number; close(): Promise<void> }> {
  const { server, port, close } = await serveHttp((req, res) => {
    const slow = /^\/slow\/(\d+)/.exec(req.url ?? "");
    const reply = () => res.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("ok");
    if (slow) setTimeout(reply, Number(slow[1]));
    else reply();
  });
  server.keepAliveTimeout = 60_000;
  return { port, close };
}

interface Got {
  status: number;
  version?: string;
  tag?: string;
  shared?: string;
  socket: Socket;
}

function get(url: string, agent: Agent, path = "/"): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { agent }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          version: res.headers["x-version"] as string | undefined,
          tag: res.headers["x-tag"] as string | undefined,
          shared: res.headers["x-shared"] as string | undefined,
          socket: req.socket!,
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out")));
    req.end();
  });
}

describe.runIf(MODE === "local")("hot reload through ECDS", () => {
  let project: ScratchProject;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let envoy: RunningEnvoy;
  let reloader: HotReloader;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const reports: ReloadReport[] = [];

  /** Filter A (the one behind the listener's first slot) answers for every request. */
  const probe = () => get(envoy.listenerUrl, agent);

  beforeAll(async () => {
    project = scratchProject();
    project.write("assembly/shared/marker.ts", `export const SHARED = "s1";\n`);
    for (const name of [A, B]) {
      project.write(src(name), versionFilter(name, "v1", { sharedImport: name === A }));
      project.write(cfg(name), JSON.stringify({ tag: "t1" }));
      project.write(`assembly/filters/${name}/schema.json`, VERSION_FILTER_SCHEMA);
    }
    upstream = await startUpstream();
    reloader = new HotReloader({ projectRoot: project.dir, onReport: (r) => reports.push(r) });
    const filters = await reloader.prepare();
    envoy = await startEnvoy({ filters, upstream: { host: "127.0.0.1", port: upstream.port }, concurrency: 2 });
    await reloader.attach(envoy);
  });

  afterAll(async () => {
    agent.destroy();
    await reloader?.close();
    await envoy?.stop();
    await upstream?.close();
    project?.remove();
    for (const r of reports) console.log(formatReport(r, project?.dir));
  });

  it("serves the first version from a versioned module named by ECDS", async () => {
    const res = await probe();
    expect(res).toMatchObject({ status: 200, version: "v1", tag: "t1", shared: "s1" });
    expect(reloader.status()[A]!.wasm).toMatch(/build\/dev\/hr-a-[0-9a-f]{8}\.wasm$/);
    expect(await envoy.stat(`extension_config_discovery.http_filter.${A}.config_reload`)).toBeGreaterThanOrEqual(1);
  });

  it("a code change is compiled, swapped, confirmed by Envoy and served", async () => {
    const before = reloader.status()[A]!.wasm;
    project.write(src(A), versionFilter(A, "v2", { sharedImport: true }));
    const report = await reloader.reload(A, ["code"]);
    expect(report, formatReport(report)).toMatchObject({ outcome: "applied", ok: true, compiled: true });
    expect(report.wasm).not.toBe(before);
    expect(report.counters!.config_fail).toBe(0);
    expect((await probe()).version).toBe("v2");
  });

  it("a configuration-only change reuses the module: no compile, same wasm path", async () => {
    const before = reloader.status()[A]!.wasm;
    project.write(cfg(A), JSON.stringify({ tag: "t2" }));
    const report = await reloader.reload(A, ["config"]);
    expect(report, formatReport(report)).toMatchObject({ outcome: "applied", compiled: false, wasm: before });
    expect(report.buildMs).toBeLessThan(50);
    expect(await probe()).toMatchObject({ version: "v2", tag: "t2" });
  });

  it("a compile error is reported with asc's diagnostic and Envoy is not touched", async () => {
    const counters = await readEcdsCounters(envoy.adminUrl, A);
    const good = project.read(src(A));
    project.write(src(A), good + `\nconst broken: i32 = "not a number";\n`);
    const report = await reloader.reload(A, ["code"]);
    expect(report.outcome).toBe("build-failed");
    expect(report.error).toMatch(/TS2322/);
    expect(report.error).toContain(`assembly/filters/${A}/index.ts`);
    expect(await readEcdsCounters(envoy.adminUrl, A)).toEqual(counters);
    expect((await probe()).version).toBe("v2");
    project.write(src(A), good);
  });

  it("an invalid configuration is reported by field and Envoy is not touched", async () => {
    const counters = await readEcdsCounters(envoy.adminUrl, A);
    project.write(cfg(A), JSON.stringify({ tag: "t3", tga: "typo" }));
    const report = await reloader.reload(A, ["config"]);
    expect(report.outcome).toBe("invalid-config");
    expect(report.error).toContain("tga: unknown field");
    expect(await readEcdsCounters(envoy.adminUrl, A)).toEqual(counters);
    expect((await probe()).tag).toBe("t2");
    project.write(cfg(A), JSON.stringify({ tag: "t2" }));
  });

  it("a configuration Envoy rejects (onConfigure false) is reported with Envoy's reason; the previous version keeps serving", async () => {
    const serving = reloader.status()[A]!.wasm;
    project.write(cfg(A), JSON.stringify({ tag: "t-bad", reject: true }));
    const report = await reloader.reload(A, ["config"]);
    expect(report.outcome, formatReport(report)).toBe("rejected");
    expect(report.counters!.config_fail).toBeGreaterThanOrEqual(1);
    expect(report.error).toContain("configuration rejected on purpose (reject=true)");
    expect(report.error).toMatch(/Unable to create Wasm plugin/);
    expect(report.wasm).toBe(serving);
    for (let i = 0; i < 5; i++) expect(await probe()).toMatchObject({ status: 200, version: "v2", tag: "t2" });

    // Offering the same rejected version again gives the same answer without writing to Envoy.
    const attempts = (await readEcdsCounters(envoy.adminUrl, A)).update_attempt;
    const again = await reloader.reload(A, ["config"]);
    expect(again.outcome).toBe("rejected");
    expect((await readEcdsCounters(envoy.adminUrl, A)).update_attempt).toBe(attempts);

    project.write(cfg(A), JSON.stringify({ tag: "t3" }));
    expect((await reloader.reload(A, ["config"])).outcome).toBe("applied");
    expect((await probe()).tag).toBe("t3");
  });

  it("rebuilds only the filters that import a changed shared file", async () => {
    const shared = join(project.dir, "assembly/shared/marker.ts");
    expect([...reloader.affected([shared]).keys()]).toEqual([A]);
    expect([...reloader.affected([join(project.dir, cfg(B))])]).toEqual([[B, new Set(["config"])]]);
    expect([...reloader.affected([join(project.dir, src(B))])]).toEqual([[B, new Set(["code"])]]);

    // Through the file watcher: save → new behaviour served, B untouched.
    const bWasm = reloader.status()[B]!.wasm;
    const bReloads = (await readEcdsCounters(envoy.adminUrl, B)).config_reload;
    const first = reports.length;
    reloader.watch({ debounceMs: 20 });
    await reloader.watching();
    try {
      project.write("assembly/shared/marker.ts", `export const SHARED = "s2";\n`);
      await waitFor(async () => (await probe()).shared === "s2", { timeoutMs: 15_000, intervalMs: 20, what: "filter A to serve s2" }).catch(() => undefined);
      expect((await probe()).shared).toBe("s2");
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      reloader.unwatch();
    }
    const fromWatch = reports.slice(first);
    expect(fromWatch.map((r) => [r.filter, r.changed, r.outcome])).toEqual([[A, ["code"], "applied"]]);
    expect(reloader.status()[B]!.wasm).toBe(bWasm);
    expect((await readEcdsCounters(envoy.adminUrl, B)).config_reload).toBe(bReloads);
  });

  it("a stream in flight finishes on the old version while new requests get the new one", async () => {
    const slowAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const inFlight = get(envoy.listenerUrl, slowAgent, "/slow/1500");
      await new Promise((r) => setTimeout(r, 200)); // the request is at the upstream now
      project.write(src(A), versionFilter(A, "v3", { sharedImport: true }));
      expect((await reloader.reload(A, ["code"])).outcome).toBe("applied");
      expect((await probe()).version).toBe("v3");
      const old = await inFlight;
      expect(old).toMatchObject({ status: 200, version: "v2" });
      // The same keep-alive connection serves its next request with the new version.
      const next = await get(envoy.listenerUrl, slowAgent);
      expect(next.socket).toBe(old.socket);
      expect(next.version).toBe("v3");
    } finally {
      slowAgent.destroy();
    }
  });

  it("under steady load across several reloads: no failed request, no dropped connection, every response old or new", async () => {
    const loadAgent = new Agent({ keepAlive: true, maxSockets: 4 });
    const sockets = new Set<Socket>();
    const results: { sent: number; got: number; version?: string; status: number }[] = [];
    const errors: string[] = [];
    // Reload k (1-based) offers version v(3+k); `written[k]`/`confirmed[k]`: when the ECDS file was
    // replaced / Envoy confirmed it (approximated by the reload's start and end).
    const versions = ["v3", "v4", "v5", "v6", "v7"];
    const started: number[] = [0];
    const confirmed: number[] = [0];
    const t0 = performance.now();
    const durationMs = 6000;
    let stop = false;

    const worker = async () => {
      // 4 connections × 50 req/s = 200 req/s.
      for (let next = performance.now(); !stop; next += 20) {
        const sent = performance.now();
        try {
          const res = await get(envoy.listenerUrl, loadAgent, "/load");
          sockets.add(res.socket);
          results.push({ sent, got: performance.now(), version: res.version, status: res.status });
        } catch (e) {
          errors.push((e as Error).message);
        }
        const wait = next + 20 - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    };
    const workers = Array.from({ length: 4 }, worker);

    const reloadsDone = (async () => {
      for (let k = 1; k < versions.length; k++) {
        await new Promise((r) => setTimeout(r, 600));
        project.write(src(A), versionFilter(A, versions[k]!, { sharedImport: true }));
        started[k] = performance.now();
        const report = await reloader.reload(A, ["code"]);
        confirmed[k] = performance.now();
        expect(report.outcome, formatReport(report)).toBe("applied");
      }
    })();
    await reloadsDone;
    // ~6 s in all, and at least 0.5 s of load on the last version.
    await new Promise((r) => setTimeout(r, Math.max(500, durationMs - (performance.now() - t0))));
    stop = true;
    await Promise.all(workers);
    loadAgent.destroy();

    expect(errors).toEqual([]);
    expect(results.length).toBeGreaterThan(600);
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(sockets.size).toBe(4); // the same 4 keep-alive connections throughout
    // Each response: at least the version confirmed before it was sent, at most the newest one
    // offered before it arrived.
    for (const r of results) {
      const index = versions.indexOf(r.version ?? "");
      const minimum = confirmed.filter((t) => t > 0 && t <= r.sent).length;
      const maximum = started.filter((t) => t > 0 && t <= r.got).length;
      expect(index, JSON.stringify(r)).toBeGreaterThanOrEqual(minimum);
      expect(index, JSON.stringify(r)).toBeLessThanOrEqual(maximum);
    }
    const seen = new Set(results.map((r) => r.version));
    expect([...seen].sort()).toEqual(versions);
    expect((await probe()).version).toBe("v7");
  });

  it("keeps only the serving and the previous module on disk", () => {
    const modules = readdirSync(reloader.devDir).filter((f) => f.startsWith(`${A}-`) && f.endsWith(".wasm"));
    const { wasm, previousWasm } = reloader.status()[A]!;
    expect(modules.sort()).toEqual([wasm, previousWasm].map((p) => p!.slice(reloader.devDir.length + 1)).sort());
    expect(existsSync(wasm!)).toBe(true);
  });
});
