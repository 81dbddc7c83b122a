// Ports without races: nothing here picks a port number and hands it on. A server binds port 0
// and reports the port it got (listenEphemeral, or a process's own log / its sockets in /proc via
// listeningPorts); a fixed port the user asked for is checked up front (assertPortFree).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server as NetServer } from "node:net";
import { waitFor, type WaitOptions } from "./wait.ts";

/** Anything with Node's listen/address (net, http, https servers). */
type Listenable = Pick<NetServer, "listen" | "address" | "once" | "off">;

/** Binds `server` to `port` (default 0: one the kernel picks) on `host`; resolves with the bound port. */
export function listenOn(server: Listenable, host = "127.0.0.1", port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen({ port, host }, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Throw a clear error if host:port cannot be bound (e.g. another Envoy already uses it). */
export async function assertPortFree(port: number, host = "127.0.0.1", what = "port"): Promise<void> {
  await new Promise<void>((res, rej) => {
    const srv = createServer();
    srv.once("error", (err: NodeJS.ErrnoException) => {
      rej(
        new Error(
          err.code === "EADDRINUSE"
            ? `${what} ${host}:${port} is already in use (another envoy-as or Envoy still running?). Choose another one.`
            : `cannot bind ${what} ${host}:${port}: ${err.message}`,
        ),
      );
    });
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => res()));
  });
}

/** Whether a TCP connection to host:port is accepted now. */
export function portAccepts(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host });
    sock.setTimeout(1000, () => (sock.destroy(), resolve(false)));
    sock.once("connect", () => (sock.end(), resolve(true)));
    sock.once("error", () => resolve(false));
  });
}

/** Polls until host:port accepts a TCP connection. */
export async function waitForPort(port: number, host = "127.0.0.1", o: Partial<WaitOptions> = {}): Promise<void> {
  await waitFor(() => portAccepts(port, host), { timeoutMs: 30_000, what: `${host}:${port} to accept connections`, ...o });
}

/**
 * The TCP ports process `pid` listens on (Linux: its socket inodes in /proc/<pid>/fd matched in
 * /proc/<pid>/net/tcp{,6}), in no particular order. For programs told to bind port 0 that do not
 * say which port they got.
 */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const ports = new Set<number>();
  for (const table of ["tcp", "tcp6"]) {
    let text = "";
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is f[1] ("0100007F:1F90"), st is f[3] ("0A" = LISTEN), inode is f[9].
      if (f.length > 9 && f[3] === "0A" && inodes.has(f[9]!)) ports.add(parseInt(f[1]!.split(":")[1]!, 16));
    }
  }
  return [...ports];
}
