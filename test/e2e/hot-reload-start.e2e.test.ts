// `npm start`'s hot reload end to end: startDemo with watch on a scratch project (built like
// `npm run build` does), a save picked up by the watcher, and `envoy-as reload` reaching the running
// start through build/dev/state.json.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildAll } from "../../src/build/index.ts";
import { parseStartArgs, startDemo, type StartedDemo } from "../../src/cli/start.ts";
import { reloadCommand } from "../../src/cli/reload.ts";
import { MODE } from "./support/target.ts";
import { testLog } from "../support/log-file.ts";
import { scratchProject, versionFilter, VERSION_FILTER_SCHEMA, type ScratchProject } from "../dev/scratch.ts";

const NAME = "hw";

describe.runIf(MODE === "local")("npm start with hot reload", () => {
  let project: ScratchProject;
  let demo: StartedDemo | undefined;
  const lines: string[] = [];
  const envoyLog = testLog("hot-reload-start-envoy");

  const header = async (name: string) => {
    const res = await fetch(`${demo!.listenerUrl}/hot`);
    await res.arrayBuffer();
    return res.headers.get(name);
  };

  beforeAll(async () => {
    project = scratchProject();
    project.write(`assembly/filters/${NAME}/index.ts`, versionFilter(NAME, "v1"));
    project.write(`assembly/filters/${NAME}/config.json`, JSON.stringify({ tag: "t1" }));
    project.write(`assembly/filters/${NAME}/schema.json`, VERSION_FILTER_SCHEMA);
    await buildAll({ projectRoot: project.dir, log: () => {} });
  });
  afterAll(async () => {
    await demo?.stop();
    project?.remove();
  });

  it("watches by default; --no-watch and --dev-opt are parsed", () => {
    expect(parseStartArgs([], {})?.watch).toBe(true);
    expect(parseStartArgs(["--no-watch", "--dev-opt", "2"], {})).toMatchObject({ watch: false, devOptimizeLevel: 2 });
    expect(() => parseStartArgs(["--dev-opt", "5"], {})).toThrow(/--dev-opt: expected an integer \(0-3\), got "5"/);
  });

  it("serves the built module, reloads on save, and answers `envoy-as reload`; stop cleans up", async () => {
    demo = await startDemo({
      listenerPort: 0,
      adminPort: 0,
      upstreamPort: 0,
      concurrency: 1,
      watch: true,
      projectRoot: project.dir,
      buildDir: join(project.dir, "build"),
      onReloadLine: (l) => lines.push(l),
      onEnvoyLine: envoyLog.line,
    });
    expect(await header("x-version")).toBe("v1");
    const devDir = join(project.dir, "build/dev");
    const state = JSON.parse(readFileSync(join(devDir, "state.json"), "utf8"));
    expect(state).toMatchObject({ pid: process.pid, adminUrl: demo.adminUrl, listenerUrl: demo.listenerUrl });
    expect(state.filters[NAME].ecds).toBe(join(devDir, `${NAME}.ecds.yaml`));

    // Save a configuration: the watcher applies it.
    project.write(`assembly/filters/${NAME}/config.json`, JSON.stringify({ tag: "saved" }));
    await vi.waitFor(async () => expect(await header("x-tag")).toBe("saved"), { timeout: 15_000, interval: 50 });
    await vi.waitFor(() => expect(lines.join("\n")).toMatch(new RegExp(`\\[hot-reload\\] ${NAME}: config → serving build/dev/${NAME}-[0-9a-f]{8}\\.wasm \\(build \\d+ ms \\(module reused\\), apply \\d+ ms, total \\d+ ms\\)`)));

    // A configuration that names a cluster this Envoy was not started with: applied, and start says
    // that the callouts to it fail until a restart.
    project.write(`assembly/filters/${NAME}/config.json`, JSON.stringify({ tag: "clustered", cluster: "idp-new" }));
    await vi.waitFor(() => expect(lines.join("\n")).toContain(`[hot-reload] ${NAME}: its configuration names cluster idp-new, which this Envoy does not have (clusters are set at start): restart \`npm start\` (or give --cluster NAME=HOST:PORT)`), { timeout: 15_000, interval: 50 });

    // `envoy-as reload`, while the watcher is paused so that the command does the work.
    demo.reloader!.unwatch();
    project.write(`assembly/filters/${NAME}/index.ts`, versionFilter(NAME, "v2"));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await reloadCommand([NAME, "--project", project.dir])).toBe(0);
      expect(log.mock.calls.flat().join("\n")).toMatch(new RegExp(`${NAME}: code\\+config → serving`));
      expect(await header("x-version")).toBe("v2");
      expect(await reloadCommand(["nope", "--project", project.dir])).toBe(2);
      expect(err.mock.calls.flat().join("\n")).toContain("unknown filter(s) nope");
    } finally {
      log.mockRestore();
      err.mockRestore();
    }

    await demo.stop();
    expect(existsSync(devDir)).toBe(false);
    const err2 = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await reloadCommand([NAME, "--project", project.dir])).toBe(1);
      expect(err2.mock.calls.flat().join("\n")).toContain("no running `npm start` with hot reload");
    } finally {
      err2.mockRestore();
    }
  });
});
