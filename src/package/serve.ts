// A small HTTP server for built modules: GET/HEAD /<name>.wasm (also /test/<name>.wasm) from a
// build directory, for Envoy's vm_config.code.remote and for Istio/Envoy Gateway http(s) URLs.
// Only *.wasm files below the directory are served; every response carries the module's sha256.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { serveHttp } from "../util/http-server.ts";
import { resolve, sep } from "node:path";
import { sha256Hex } from "./digest.ts";

export interface WasmServer {
  /** Base URL, e.g. http://127.0.0.1:8088 */
  url: string;
  port: number;
  /** Requests served so far, "GET /hello-world.wasm 200" each. */
  requests: string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Directory holding the .wasm files. */
  dir: string;
  /** Bind address; default 127.0.0.1. */
  host?: string;
  /** Port; default 0 (ephemeral). */
  port?: number;
  /** Called once per request with a log line. */
  log?: (line: string) => void;
}

/** Resolve a request path to a .wasm file inside `root`, or undefined (no traversal, no other files). */
export function wasmFileFor(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!);
  } catch {
    return undefined;
  }
  if (!path.endsWith(".wasm") || path.includes("\0")) return undefined;
  const file = resolve(root, "." + path);
  if (!file.startsWith(root + sep)) return undefined;
  return existsSync(file) && statSync(file).isFile() ? file : undefined;
}

/** Start serving `dir`. Resolves once listening. */
export async function serveWasm(opts: ServeOptions): Promise<WasmServer> {
  const root = resolve(opts.dir);
  if (!existsSync(root)) throw new Error(`${root} does not exist; build the filters first (envoy-as build)`);
  const requests: string[] = [];
  const service = await serveHttp((req, res) => {
    const done = (status: number) => {
      const line = `${req.method} ${req.url} ${status}`;
      requests.push(line);
      opts.log?.(line);
    };
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return done(405);
    }
    const file = wasmFileFor(root, req.url ?? "/");
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: only *.wasm files of the build directory are served\n");
      return done(404);
    }
    // Read per request: a rebuilt module is served at once, and its digest is always current.
    const sha = sha256Hex(readFileSync(file));
    res.writeHead(200, {
      "content-type": "application/wasm",
      "content-length": statSync(file).size,
      etag: `"sha256:${sha}"`,
      "x-content-sha256": sha,
      "cache-control": "no-cache",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
    done(200);
  }, { host: opts.host, port: opts.port, inUse: (host, port) => `port ${port} on ${host} is already in use; pick another with --port` });
  return { url: service.url, port: service.port, requests, close: service.close };
}
