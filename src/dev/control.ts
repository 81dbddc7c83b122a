// How `envoy-as reload` reaches a running `npm start`: npm start owns the ECDS files, the module
// versions and the warm compiler, so other processes ask it to reload instead of writing files
// themselves. It listens on a loopback port and describes itself in build/dev/state.json:
//   { pid, controlUrl, adminUrl, listenerUrl, projectRoot, filters: { <name>: { wasm, ecds } } }
//
//   POST /reload  {"filters"?: [names], "force"?: bool}  → {"reports": ReloadReport[]}
//   GET  /status                                         → state.json's content

import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../envoy/config.ts";
import { serveHttp } from "../util/http-server.ts";
import type { HotReloader, ReloadReport } from "./reloader.ts";

export interface DevState {
  pid: number;
  controlUrl: string;
  adminUrl: string;
  listenerUrl: string;
  projectRoot: string;
  filters: Record<string, { wasm?: string; ecds: string; previousWasm?: string }>;
}

export function statePath(devDir: string): string {
  return join(devDir, "state.json");
}

/** Reads a state file; undefined if there is none or the process that wrote it is gone. */
export function readState(devDir: string): DevState | undefined {
  const file = statePath(devDir);
  if (!existsSync(file)) return undefined;
  let state: DevState;
  try {
    state = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  try {
    process.kill(state.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return undefined;
  }
  return state;
}

export interface ControlServer {
  url: string;
  /** Rewrites state.json (after each reload, so it names the serving modules). */
  writeState(): void;
  close(): Promise<void>;
}

/** Serves reload requests for `reloader` and writes build/dev/state.json. */
export async function startControlServer(
  reloader: HotReloader,
  envoy: { adminUrl: string; listenerUrl: string },
): Promise<ControlServer> {
  const { url, close } = await serveHttp(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === "GET" && req.url === "/status") return reply(200, state());
      if (req.method === "POST" && req.url === "/reload") {
        let text = "";
        for await (const chunk of req) text += chunk;
        const body = (text ? JSON.parse(text) : {}) as { filters?: string[]; force?: boolean };
        const names = body.filters?.length ? body.filters : reloader.filters;
        const unknown = names.filter((n) => !reloader.filters.includes(n));
        if (unknown.length) return reply(404, { error: `unknown filter(s) ${unknown.join(", ")}; npm start manages ${reloader.filters.join(", ")}` });
        const reports: ReloadReport[] = [];
        for (const name of names) reports.push(await reloader.reload(name, ["code", "config"], { force: body.force }));
        return reply(200, { reports });
      }
      reply(404, { error: "POST /reload or GET /status" });
    } catch (e) {
      reply(500, { error: (e as Error).message });
    }
  });
  const state = (): DevState => ({
    pid: process.pid,
    controlUrl: url,
    adminUrl: envoy.adminUrl,
    listenerUrl: envoy.listenerUrl,
    projectRoot: reloader.projectRoot,
    filters: reloader.status(),
  });
  const file = statePath(reloader.devDir);
  const writeState = () => writeFileAtomic(file, JSON.stringify(state(), null, 2) + "\n");
  writeState();
  return {
    url,
    writeState,
    close: async () => {
      rmSync(file, { force: true });
      await close();
    },
  };
}
