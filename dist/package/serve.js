// A small HTTP server for built modules: GET/HEAD /<name>.wasm (also /test/<name>.wasm) from a
// build directory, for Envoy's vm_config.code.remote and for Istio/Envoy Gateway http(s) URLs.
// Only *.wasm files below the directory are served; every response carries the module's sha256.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { resolve, sep } from "node:path";
import { sha256Hex } from "./digest.js";
/** Resolve a request path to a .wasm file inside `root`, or undefined (no traversal, no other files). */
export function wasmFileFor(root, urlPath) {
    let path;
    try {
        path = decodeURIComponent(urlPath.split("?")[0]);
    }
    catch {
        return undefined;
    }
    if (!path.endsWith(".wasm") || path.includes("\0"))
        return undefined;
    const file = resolve(root, "." + path);
    if (!file.startsWith(root + sep))
        return undefined;
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
}
/** Start serving `dir`. Resolves once listening. */
export function serveWasm(opts) {
    const root = resolve(opts.dir);
    if (!existsSync(root))
        throw new Error(`${root} does not exist; build the filters first (envoy-as build)`);
    const requests = [];
    const server = createServer((req, res) => {
        const done = (status) => {
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
        if (req.method === "HEAD")
            res.end();
        else
            createReadStream(file).pipe(res);
        done(200);
    });
    return new Promise((res, rej) => {
        server.once("error", (err) => rej(new Error(err.code === "EADDRINUSE" ? `port ${opts.port} on ${opts.host ?? "127.0.0.1"} is already in use; pick another with --port` : err.message)));
        server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
            const addr = server.address();
            const host = addr.address.includes(":") ? `[${addr.address}]` : addr.address;
            res({
                url: `http://${host}:${addr.port}`,
                port: addr.port,
                requests,
                close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
            });
        });
    });
}
