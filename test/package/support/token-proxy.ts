// A bearer-token front for a real registry, to exercise the distribution token flow:
//   any /v2/ request without a valid token → 401 WWW-Authenticate: Bearer realm=<us>/token,service=…,scope=…
//   GET /token?service=&scope= with Basic creds → {"token": …}; then requests are proxied to the registry.
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { serveHttp } from "../../../src/util/http-server.ts";

export interface TokenProxy {
  host: string;
  /** Scopes requested from /token, in order. */
  scopes: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startTokenProxy(upstream: string, user: { username: string; password: string }): Promise<TokenProxy> {
  const tokens = new Set<string>();
  const scopes: string[] = [];
  const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}`;
  let self = "";
  const service = await serveHttp(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${self}`);
    if (url.pathname === "/token") {
      if (req.headers.authorization !== expected) return void res.writeHead(401).end('{"details":"bad credentials"}');
      scopes.push(url.searchParams.get("scope") ?? "");
      const token = randomBytes(12).toString("hex");
      tokens.add(token);
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token }));
    }
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ") || !tokens.has(auth.slice(7))) {
      const repo = /^\/v2\/(.+?)\/(blobs|manifests)\//.exec(url.pathname)?.[1] ?? "";
      res.writeHead(401, {
        "content-type": "application/json",
        "www-authenticate": `Bearer realm="http://${self}/token",service="test-registry",scope="repository:${repo}:pull"`,
      });
      return void res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "authorization" && k !== "host") headers[k] = v;
    const data = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await body(req));
    const up = await fetch(`http://${upstream}${url.pathname}${url.search}`, { method: req.method, headers, body: data, redirect: "manual" });
    const out: Record<string, string> = {};
    up.headers.forEach((v, k) => {
      if (k === "location") v = v.replace(`http://${upstream}`, `http://${self}`);
      if (k !== "content-encoding" && k !== "transfer-encoding") out[k] = v;
    });
    res.writeHead(up.status, out).end(Buffer.from(await up.arrayBuffer()));
  });
  self = `127.0.0.1:${service.port}`;
  return { host: self, scopes, close: service.close };
}
