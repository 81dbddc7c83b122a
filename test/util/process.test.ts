// spawnCaptured: output captured, a line waited for, and stop() reaching the whole process group,
// SIGKILL when the signal is ignored. listeningPorts finds the port a child bound itself.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listeningPorts } from "../../src/util/ports.ts";
import { serveHttp } from "../../src/util/http-server.ts";
import { runCaptured, spawnCaptured } from "../../src/util/process.ts";

/** Whether `pid` runs (a zombie waiting for a reaper that is not ours does not count). */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
};

describe("spawnCaptured", () => {
  it("stops a group that ignores SIGTERM with SIGKILL after the grace, grandchildren included", async () => {
    // sh ignores TERM and starts a grandchild that ignores it too; both must be gone after stop().
    const p = spawnCaptured("/bin/sh", ["-c", "trap '' TERM; sh -c 'trap \"\" TERM; sleep 30' & echo grandchild $!; wait"], { group: true, name: "stubborn" });
    const pid = Number((await p.waitForOutput(/grandchild (\d+)/, 5000))[1]);
    expect(alive(pid)).toBe(true);
    const t0 = performance.now();
    const exit = await p.stop({ graceMs: 300 });
    expect(exit.signal).toBe("SIGKILL");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(p.running()).toBe(false);
  });

  it("says which command exited before printing what was awaited, with its last lines", async () => {
    const p = spawnCaptured("/bin/sh", ["-c", "echo starting; echo oops >&2; exit 3"], { name: "failing-server" });
    const err = await p.waitForOutput(/listening on/, 5000).catch((e) => e);
    expect(err.message).toBe("failing-server exited before printing /listening on/\n--- last lines of failing-server ---\nstarting\noops");
    expect((await p.exited).code).toBe(3);
  });

  it("runCaptured resolves with the exit code and both streams", async () => {
    const r = await runCaptured("/bin/sh", ["-c", "echo out; echo err >&2; exit 2"]);
    expect(r).toMatchObject({ code: 2, signal: null, stdout: "out\n", stderr: "err\n" });
    expect(r.output).toBe("out\nerr\n");
  });
});

describe("ports", () => {
  it("listeningPorts reads back the port a child bound on port 0", async () => {
    const p = spawnCaptured(process.execPath, ["-e", "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>console.log('port',s.address().port))"]);
    try {
      const port = Number((await p.waitForOutput(/port (\d+)/, 10_000))[1]);
      expect(listeningPorts(p.pid!)).toEqual([port]);
    } finally {
      await p.stop();
    }
  });

  it("serveHttp reports the port it bound, and a taken port by the caller's message", async () => {
    const a = await serveHttp((_req, res) => res.end("a"));
    try {
      expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
      expect(await (await fetch(a.url)).text()).toBe("a");
      await expect(serveHttp(() => {}, { port: a.port, inUse: (h, p) => `upstream port ${h}:${p} is already in use` })).rejects.toThrow(`upstream port 127.0.0.1:${a.port} is already in use`);
    } finally {
      await a.close();
    }
  });
});
