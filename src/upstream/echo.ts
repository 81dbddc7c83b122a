// Demo upstream: answers every request with what it received, as JSON
//   { method, path, headers, body }
// so tests can see exactly what a filter sent upstream. Plain Node, no dependencies: it is also
// bundled to build/upstream/echo.mjs (src/upstream/bundle.ts) for the upstream container image and
// docker-compose.
//
// Standalone: tsx src/upstream/echo.ts [--port N] [--host H]   (defaults 8081, 127.0.0.1; PORT/HOST env too)

import type { IncomingMessage, RequestListener } from "node:http";
import { pathToFileURL } from "node:url";
import { serveHttp } from "../util/http-server.ts";

export interface EchoReply {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
}

export interface EchoServer {
  url: string;
  port: number;
  host: string;
  /** Requests received so far, oldest first. */
  requests: EchoReply[];
  close(): Promise<void>;
}

const MAX_BODY = 16 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        rej(new Error("body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => res(Buffer.concat(chunks).toString("utf8")));
    req.on("error", rej);
  });
}

/** Node decodes header bytes as latin1; show UTF-8 values (what filters usually write) as text. */
function utf8(v: string): string {
  if (!/[\x80-\xff]/.test(v)) return v;
  const decoded = Buffer.from(v, "latin1").toString("utf8");
  return decoded.includes("\ufffd") ? v : decoded;
}
function utf8Headers(h: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) out[k] = Array.isArray(v) ? v.map(utf8) : utf8(v);
  return out;
}

/**
 * Paths where identity providers publish their keys (OIDC's jwks_uri). The demo upstream stands
 * in for an IdP there with one public P-256 key whose private half is not in this repository, so a filter
 * configured with a remote JWKS (the auth sample) starts cleanly and refuses every token.
 */
export const JWKS_PATH = /\/(certs|jwks\.json)$/;
const DEMO_JWKS = JSON.stringify({
  keys: [{ kty: "EC", crv: "P-256", kid: "demo-idp", alg: "ES256", use: "sig", x: "LoDV_iGCge9HcElygcucxlBuIKQsC9xI2QU-Cc1S2LU", y: "mqGDk9OFBpE9Ntea1bY4--9B6j2wOEapQObtIsk3Clw" }],
});

/** The echo handler: records each request in `requests` (the last 1000) and answers it as JSON. */
export function echoHandler(requests: EchoReply[] = []): RequestListener {
  return async (req, res) => {
    if (req.method === "GET" && JWKS_PATH.test((req.url ?? "").split("?")[0]!)) {
      res.writeHead(200, { "content-type": "application/json", "x-echo": "jwks" }).end(DEMO_JWKS);
      return;
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const reply: EchoReply = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: utf8Headers(req.headers as Record<string, string | string[]>),
      body,
    };
    requests.push(reply);
    if (requests.length > 1000) requests.shift();
    const json = JSON.stringify(reply);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
      "x-echo": "1",
    });
    res.end(json);
  };
}

/**
 * Start the echo server; port 0 (default) picks a free port. `maxHeaderSize` (bytes) raises Node's
 * 16 KiB limit on a request's head, for tests that send paths or headers as large as Envoy allows.
 */
export async function startEcho(opts: { port?: number; host?: string; maxHeaderSize?: number } = {}): Promise<EchoServer> {
  const host = opts.host ?? "127.0.0.1";
  const requests: EchoReply[] = [];
  const service = await serveHttp(echoHandler(requests), {
    host,
    port: opts.port,
    serverOptions: opts.maxHeaderSize === undefined ? {} : { maxHeaderSize: opts.maxHeaderSize },
    inUse: (h, p) => `upstream port ${h}:${p} is already in use. Choose another one.`,
  });
  service.server.keepAliveTimeout = 60_000;
  return { url: service.url, port: service.port, host, requests, close: service.close };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// Run standalone (tsx src/upstream/echo.ts, or node /app/echo.mjs in a container: src/upstream/bundle.ts).
const self = import.meta.url;
const invoked = process.argv[1] ? pathToFileURL(process.argv[1]).href : "";
if (invoked === self || process.env.ECHO_MAIN === "1") {
  const port = Number(argValue("--port") ?? process.env.PORT ?? 8081);
  const host = argValue("--host") ?? process.env.HOST ?? "127.0.0.1";
  startEcho({ port, host }).then(
    (s) => {
      console.log(`echo upstream listening on ${s.url}`);
      const quit = () => s.close().then(() => process.exit(0));
      process.on("SIGTERM", quit);
      process.on("SIGINT", quit);
    },
    (err) => {
      console.error(`echo upstream: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
