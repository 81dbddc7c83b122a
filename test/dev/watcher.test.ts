// The hot reloader's file watcher on a scratch project: every kind of save reaches reloadPaths,
// once per burst, including saves after one that replaced the file (sed -i, mv, safe write).
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HotReloader, type ReloadReport } from "../../src/dev/reloader.ts";
import { scratchProject, versionFilter, VERSION_FILTER_SCHEMA, type ScratchProject } from "./scratch.ts";

const DEBOUNCE_MS = 60;
const QUIET_MS = 400; // long enough for a missed or extra batch to show

let project: ScratchProject;
beforeAll(() => {
  project = scratchProject("envoy-as-watch-");
  project.write("assembly/filters/a/index.ts", versionFilter("a", "v1"));
  project.write("assembly/filters/a/config.json", JSON.stringify({ tag: "t1" }));
  project.write("assembly/filters/a/schema.json", VERSION_FILTER_SCHEMA);
  project.write("assembly/filters/b/index.ts", versionFilter("b", "v1"));
});
afterAll(() => project?.remove());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A save the way sed -i, mv and editors' safe write do it: a new file renamed over the old one. */
const renameSave = (rel: string, text: string) => {
  const tmp = join(project.dir, `${rel}.tmp~`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(project.dir, rel));
};

describe("watch() hears every save", () => {
  let reloader: HotReloader;
  let batches: string[][];
  beforeAll(async () => {
    reloader = new HotReloader({ projectRoot: project.dir });
    // The watcher's output, not a reload: these saves need no Envoy.
    vi.spyOn(reloader, "reloadPaths").mockImplementation(async (paths) => {
      batches.push(paths.map((p) => p.slice(project.dir.length + 1)).sort());
      return [];
    });
    batches = [];
    reloader.watch({ debounceMs: DEBOUNCE_MS });
    await reloader.watching();
  });
  afterEach(() => {
    batches = [];
  });
  afterAll(() => reloader?.close());

  /** Waits until the batches are `want`, then checks that nothing more arrives. */
  const expectBatches = async (want: string[][]) => {
    await vi.waitFor(() => expect(batches.length).toBeGreaterThanOrEqual(want.length), { timeout: 5_000, interval: 20 });
    await sleep(QUIET_MS);
    expect(batches).toEqual(want);
    batches = [];
  };

  it("an in-place write", async () => {
    project.write("assembly/filters/a/index.ts", versionFilter("a", "v2"));
    await expectBatches([["assembly/filters/a/index.ts"]]);
  });

  it("a rename-save of index.ts, and the in-place saves after it", async () => {
    renameSave("assembly/filters/a/index.ts", versionFilter("a", "v3"));
    await expectBatches([["assembly/filters/a/index.ts"]]);
    project.write("assembly/filters/a/index.ts", versionFilter("a", "v4"));
    await expectBatches([["assembly/filters/a/index.ts"]]);
    renameSave("assembly/filters/a/index.ts", versionFilter("a", "v5"));
    await expectBatches([["assembly/filters/a/index.ts"]]);
    project.write("assembly/filters/a/index.ts", versionFilter("a", "v6"));
    await expectBatches([["assembly/filters/a/index.ts"]]);
  });

  it("a rename-save of config.json, and an in-place save after it", async () => {
    renameSave("assembly/filters/a/config.json", JSON.stringify({ tag: "t2" }));
    await expectBatches([["assembly/filters/a/config.json"]]);
    project.write("assembly/filters/a/config.json", JSON.stringify({ tag: "t3" }));
    await expectBatches([["assembly/filters/a/config.json"]]);
  });

  it("a new file in a new sub-folder, and a save of it", async () => {
    mkdirSync(join(project.dir, "assembly/filters/b/util"));
    await sleep(100); // an editor creates the folder first
    project.write("assembly/filters/b/util/pick.ts", `export const PICK = 1;\n`);
    await expectBatches([["assembly/filters/b/util/pick.ts"]]);
    project.write("assembly/filters/b/util/pick.ts", `export const PICK = 2;\n`);
    await expectBatches([["assembly/filters/b/util/pick.ts"]]);
  });

  it("a delete, a recreate, and a save after it", async () => {
    rmSync(join(project.dir, "assembly/filters/b/index.ts"));
    await expectBatches([["assembly/filters/b/index.ts"]]);
    project.write("assembly/filters/b/index.ts", versionFilter("b", "v2"));
    await expectBatches([["assembly/filters/b/index.ts"]]);
    project.write("assembly/filters/b/index.ts", versionFilter("b", "v3"));
    await expectBatches([["assembly/filters/b/index.ts"]]);
  });

  it("20 rapid saves make one batch", async () => {
    for (let i = 0; i < 20; i++) {
      if (i % 2) renameSave("assembly/filters/a/index.ts", versionFilter("a", `r${i}`));
      else project.write("assembly/filters/a/index.ts", versionFilter("a", `r${i}`));
      await sleep(DEBOUNCE_MS / 6);
    }
    await expectBatches([["assembly/filters/a/index.ts"]]);
  });

  it("asconfig.json, but not other files", async () => {
    project.write("assembly/filters/a/notes.md", "not a source\n");
    renameSave("asconfig.json", project.read("asconfig.json"));
    await expectBatches([["asconfig.json"]]);
  });
});

describe("an asconfig.json save rebuilds every filter", () => {
  it("reports a broken asconfig.json for each filter, and nothing changed once it is restored", async () => {
    const reports: ReloadReport[] = [];
    const reloader = new HotReloader({ projectRoot: project.dir, onReport: (r) => reports.push(r) });
    try {
      await reloader.prepare();
      expect([...reloader.affected([join(project.dir, "asconfig.json")])]).toEqual([["a", new Set(["code"])], ["b", new Set(["code"])]]);
      reloader.watch({ debounceMs: DEBOUNCE_MS });
      await reloader.watching();
      const good = project.read("asconfig.json");
      renameSave("asconfig.json", good.replace(/\}\s*$/, ""));
      await vi.waitFor(() => expect(reports).toHaveLength(2), { timeout: 10_000, interval: 20 });
      expect(reports.map((r) => [r.filter, r.changed, r.outcome])).toEqual([["a", ["code"], "build-failed"], ["b", ["code"], "build-failed"]]);
      expect(reports[0]!.error).toMatch(/^asconfig\.json is not usable: .*JSON/);

      project.write("asconfig.json", good);
      await vi.waitFor(() => expect(reports).toHaveLength(4), { timeout: 30_000, interval: 20 });
      expect(reports.slice(2).map((r) => [r.filter, r.outcome])).toEqual([["a", "unchanged"], ["b", "unchanged"]]);
    } finally {
      await reloader.close();
    }
  });
});
