// GENERATED from src/upstream/echo.ts by src/envoy/generate.ts — do not edit.

// src/upstream/echo.ts
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
var MAX_BODY = 16 << 20;
function readBody(req) {
  return new Promise((res, rej) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
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
function utf8(v) {
  if (!/[\x80-\xff]/.test(v)) return v;
  const decoded = Buffer.from(v, "latin1").toString("utf8");
  return decoded.includes("\uFFFD") ? v : decoded;
}
function utf8Headers(h) {
  const out = {};
  for (const [k, v] of Object.entries(h)) out[k] = Array.isArray(v) ? v.map(utf8) : utf8(v);
  return out;
}
var JWKS_PATH = /\/(certs|jwks\.json)$/;
var DEMO_JWKS = JSON.stringify({
  keys: [{ kty: "EC", crv: "P-256", kid: "demo-idp", alg: "ES256", use: "sig", x: "LoDV_iGCge9HcElygcucxlBuIKQsC9xI2QU-Cc1S2LU", y: "mqGDk9OFBpE9Ntea1bY4--9B6j2wOEapQObtIsk3Clw" }]
});
function createEchoServer(requests = [], options = {}) {
  const serverOptions = options.maxHeaderSize === void 0 ? {} : { maxHeaderSize: options.maxHeaderSize };
  return createServer(serverOptions, async (req, res) => {
    if (req.method === "GET" && JWKS_PATH.test((req.url ?? "").split("?")[0])) {
      res.writeHead(200, { "content-type": "application/json", "x-echo": "jwks" }).end(DEMO_JWKS);
      return;
    }
    let body;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const reply = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: utf8Headers(req.headers),
      body
    };
    requests.push(reply);
    if (requests.length > 1e3) requests.shift();
    const json = JSON.stringify(reply);
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(json),
      "x-echo": "1"
    });
    res.end(json);
  });
}
function startEcho(opts = {}) {
  const host = opts.host ?? "127.0.0.1";
  const requests = [];
  const server = createEchoServer(requests, { maxHeaderSize: opts.maxHeaderSize });
  server.keepAliveTimeout = 6e4;
  return new Promise((res, rej) => {
    server.once("error", (err) => {
      rej(
        err.code === "EADDRINUSE" ? new Error(`upstream port ${host}:${opts.port} is already in use. Choose another one.`) : err
      );
    });
    server.listen({ port: opts.port ?? 0, host }, () => {
      const { port } = server.address();
      const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
      res({
        url: `http://${urlHost}:${port}`,
        port,
        host,
        requests,
        close: () => new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        })
      });
    });
  });
}
function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : void 0;
}
var self = import.meta.url;
var invoked = process.argv[1] ? pathToFileURL(process.argv[1]).href : "";
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
      console.error(`echo upstream: ${err.message}`);
      process.exit(1);
    }
  );
}
export {
  JWKS_PATH,
  createEchoServer,
  startEcho
};
