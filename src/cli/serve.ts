// `envoy-as serve [--dir build] [--host 127.0.0.1] [--port 8088]`
// Serves build/*.wasm over HTTP for Envoy's vm_config.code.remote (or Istio/EG http URLs).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findProjectRoot } from "../paths.ts";
import { flag, parseArgs } from "./args.ts";
import { sha256Hex } from "../package/digest.ts";
import { serveWasm } from "../package/serve.ts";

export const SERVE_USAGE = `usage: envoy-as serve [--dir build] [--host 127.0.0.1] [--port 8088]
  Serves the .wasm files of --dir at http://HOST:PORT/<name>.wasm (GET/HEAD, sha256 in x-content-sha256).
  Ctrl-C stops it.`;

export async function serveCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ["dir", "host", "port"], ["help"]);
  } catch (err) {
    console.error(`${(err as Error).message}\n${SERVE_USAGE}`);
    return 2;
  }
  if (flag(parsed, "help")) return console.log(SERVE_USAGE), 0;
  const dir = flag(parsed, "dir") ?? join(findProjectRoot(), "build");
  const port = Number(flag(parsed, "port") ?? 8088);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: ${flag(parsed, "port")} is not a port number`);
    return 2;
  }
  try {
    const server = await serveWasm({ dir, host: flag(parsed, "host"), port, log: (l) => console.log(l) });
    console.log(`serving ${dir} at ${server.url}`);
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".wasm") && !n.endsWith(".debug.wasm"))) {
      console.log(`  ${server.url}/${f}  sha256 ${sha256Hex(readFileSync(join(dir, f)))}`);
    }
    await new Promise<void>((res) => {
      const stop = () => void server.close().then(res);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    return 0;
  } catch (err) {
    console.error(`serve: ${(err as Error).message}`);
    return 1;
  }
}
