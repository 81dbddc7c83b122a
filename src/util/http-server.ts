// Small HTTP servers (the echo upstream, the dev control server, the .wasm server, test servers):
// listen on a port (0 by default: the kernel picks, and the bound port is reported back), with a
// clear error when a port asked for is taken, and a close() that does not wait for idle clients.
import { createServer, type RequestListener, type Server, type ServerOptions } from "node:http";
import type { AddressInfo } from "node:net";

export interface HttpService {
  server: Server;
  /** The bound port. */
  port: number;
  /** http://host:port, with a wildcard bind address shown as loopback. */
  url: string;
  /** Closes the server and every connection to it. */
  close(): Promise<void>;
}

export interface ServeHttpOptions {
  /** Bind address. Default 127.0.0.1. */
  host?: string;
  /** Port. Default 0 (ephemeral). */
  port?: number;
  /** Options for node:http createServer (e.g. maxHeaderSize). */
  serverOptions?: ServerOptions;
  /** The error message when the port is already in use (default names host:port). */
  inUse?: (host: string, port: number) => string;
}

/** A URL host for a bind address: "0.0.0.0"/"::" become loopback, IPv6 gets brackets. */
export function urlHost(address: string): string {
  if (address === "0.0.0.0" || address === "") return "127.0.0.1";
  if (address === "::") return "[::1]";
  return address.includes(":") ? `[${address}]` : address;
}

/** Starts an HTTP server for `handler`; resolves once it listens. */
export function serveHttp(handler: RequestListener, o: ServeHttpOptions = {}): Promise<HttpService> {
  const host = o.host ?? "127.0.0.1";
  const server = createServer(o.serverOptions ?? {}, handler);
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const port = o.port ?? 0;
      reject(err.code === "EADDRINUSE" ? new Error(o.inUse?.(host, port) ?? `${host}:${port} is already in use. Choose another port.`) : err);
    });
    server.listen({ port: o.port ?? 0, host }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        port,
        url: `http://${urlHost(host)}:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
