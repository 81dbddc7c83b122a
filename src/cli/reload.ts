// `envoy-as reload [filter...] [--force]`: ask the running `npm start` (found through
// build/dev/state.json) to rebuild what changed and swap it into Envoy now, and print its report.
// Exit code 0 if every filter is serving its current sources, 1 if one was not applied.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readState, statePath } from "../dev/control.ts";
import { formatReport, type ReloadReport } from "../dev/reloader.ts";
import { findProjectRoot } from "../paths.ts";
import { bool, parseCommand, str } from "./args.ts";

const USAGE = `usage: envoy-as reload [filter...] [--force] [--project DIR]
  Rebuilds the filters' changed sources/configuration and swaps them into the running \`npm start\`.
  --force   recompile even if no source changed`;

export async function reloadCommand(args: string[]): Promise<number> {
  const p = parseCommand({ usage: USAGE, options: { force: { type: "boolean" }, project: { type: "string" } } }, args);
  if (!p) return 0;
  const filters = p.positionals;
  const force = bool(p, "force");
  const project = str(p, "project");
  const roots = [project ?? findProjectRoot()];
  const devDirs = roots.map((r) => join(r, "build", "dev"));
  const state = devDirs.map(readState).find(Boolean);
  if (!state) {
    const stale = devDirs.find((d) => existsSync(statePath(d)));
    console.error(
      `envoy-as reload: no running \`npm start\` with hot reload` +
        (stale ? ` (${statePath(stale)} names a process that is gone)` : ` (no ${statePath(devDirs[0]!)})`) +
        `; start one with \`npm start\``,
    );
    return 1;
  }
  let res: Response;
  try {
    res = await fetch(`${state.controlUrl}/reload`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ filters, force }),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    console.error(`envoy-as reload: cannot reach npm start at ${state.controlUrl}: ${(err as Error).message}`);
    return 1;
  }
  const body = (await res.json()) as { reports?: ReloadReport[]; error?: string };
  if (!res.ok || !body.reports) {
    console.error(`envoy-as reload: ${body.error ?? `HTTP ${res.status}`}`);
    return res.status === 404 ? 2 : 1;
  }
  for (const r of body.reports) (r.ok ? console.log : console.error)(formatReport(r, state.projectRoot));
  return body.reports.every((r) => r.ok) ? 0 : 1;
}
