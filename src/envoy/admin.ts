// Reading a running Envoy through its admin API: where admin listens (the --admin-address-path
// file), the ports its listeners bound (admin /listeners), and its stats.
import { existsSync, readFileSync } from "node:fs";
import { urlHost } from "../util/http-server.ts";
import { LISTENER_NAME } from "./config.ts";

/** The admin URL and port from the file Envoy writes for --admin-address-path, or undefined before it exists. */
export function readAdminAddress(path: string): { adminUrl: string; adminPort: number } | undefined {
  const address = existsSync(path) ? readFileSync(path, "utf8").trim() : "";
  if (!address) return undefined;
  const sep = address.lastIndexOf(":");
  const adminPort = Number(address.slice(sep + 1));
  return { adminUrl: `http://${urlHost(address.slice(0, sep))}:${adminPort}`, adminPort };
}

/** Whether admin /ready answers LIVE (all listeners bound, clusters and ECDS initialized). */
export async function isLive(adminUrl: string): Promise<boolean> {
  const res = await fetch(`${adminUrl}/ready`, { signal: AbortSignal.timeout(2000) });
  return res.ok && (await res.text()).trim() === "LIVE";
}

export interface BoundListeners {
  /** URL of the main listener (LISTENER_NAME, else the first). */
  listenerUrl: string;
  listenerPort: number;
  /** The bound port of every listener by name. */
  listenerPorts: Map<string, number>;
}

/** The ports Envoy's listeners bound, from admin /listeners; throws when it lists none. */
export async function readListeners(adminUrl: string): Promise<BoundListeners> {
  const res = await fetch(`${adminUrl}/listeners?format=json`);
  const listeners = (await res.json()) as {
    listener_statuses?: { name: string; local_address?: { socket_address?: { address: string; port_value: number } } }[];
  };
  const statuses = listeners.listener_statuses ?? [];
  const main = statuses.find((l) => l.name === LISTENER_NAME) ?? statuses[0];
  const sock = main?.local_address?.socket_address;
  if (!sock) throw new Error(`no listener in ${adminUrl}/listeners: ${JSON.stringify(listeners)}`);
  const listenerPorts = new Map<string, number>();
  for (const l of statuses) {
    const port = l.local_address?.socket_address?.port_value;
    if (port !== undefined) listenerPorts.set(l.name, port);
  }
  return { listenerUrl: `http://${urlHost(sock.address)}:${sock.port_value}`, listenerPort: sock.port_value, listenerPorts };
}

/** GET an admin path; throws on a non-2xx answer. */
export async function adminGet(adminUrl: string, path: string): Promise<Response> {
  const res = await fetch(`${adminUrl}${path}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${adminUrl}${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/** Parse admin /stats text ("name: value" lines); histogram lines are skipped. */
export function parseStats(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([^:\s]+): (-?\d+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** All counters and gauges of the Envoy at `adminUrl`. */
export async function adminStats(adminUrl: string): Promise<Map<string, number>> {
  return parseStats(await (await adminGet(adminUrl, "/stats")).text());
}

/** One counter or gauge; undefined if Envoy has no such stat. */
export async function adminStat(adminUrl: string, name: string): Promise<number | undefined> {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return parseStats(await (await adminGet(adminUrl, `/stats?filter=${encodeURIComponent(`^${esc}$`)}`)).text()).get(name);
}
