/**
 * Checks, the way the container e2e modes use it, that the container engine behind DOCKER_HOST
 * can start containers and that a container reaches another one by its network alias (the
 * testcontainers harness and docker-compose.yml both reach the upstream as `upstream`).
 *
 * Two containers of UPSTREAM_IMAGE (default localhost/envoy-as-upstream:dev) on a new network:
 * a server with the alias, and a client that looks the alias up and sends it one HTTP request.
 *
 *   npx tsx src/testing/container-probe.ts      # one line; exit 0 ok, 2 cannot start containers,
 *                                               # 3 names do not resolve, 1 anything else
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { waitFor } from "../util/wait.ts";

/** Why the probe failed: the engine cannot run containers, names do not resolve, or something else. */
export type ProbeFailure = "engine" | "dns" | "other";

export type ProbeResult = { ok: true; address: string; ms: number } | { ok: false; failure: ProbeFailure; message: string };

const ALIAS = "envoy-as-probe-upstream";
const PORT = 8081;

// Runs inside the client container (node, no shell): one line "probe: <verdict> <detail>".
const CLIENT = `
const dns = require("node:dns/promises");
const say = (s) => { console.log("probe: " + s); process.exit(0); };
setTimeout(() => say("dns timeout after 10 s"), 10000);
dns.lookup(${JSON.stringify(ALIAS)}).then(
  (r) => fetch("http://${ALIAS}:${PORT}/probe", { signal: AbortSignal.timeout(5000) }).then(
    (res) => say((res.ok ? "ok " : "http status " + res.status + " ") + r.address),
    (e) => say("http " + (e.cause?.code ?? e.message) + " " + r.address)),
  (e) => say("dns " + (e.code ?? e.message)));
`;

/** What to do when the probe fails this way (one clause, appended to the failure line). */
export function probeAdvice(failure: ProbeFailure): string {
  switch (failure) {
    case "dns":
      return "the container network has no DNS: install golang-github-containernetworking-plugin-dnsname (podman with CNI) or aardvark-dns (netavark); bash scripts/containers.sh does";
    case "engine":
      return "restart the engine; bash scripts/containers.sh restarts a podman service it started that no longer works";
    case "other":
      return "see the message above";
  }
}

/** Runs the probe against the engine of DOCKER_HOST; never throws. */
export async function probeContainerNetwork(image = process.env.UPSTREAM_IMAGE || "localhost/envoy-as-upstream:dev"): Promise<ProbeResult> {
  const started = performance.now();
  const socket = "/run/podman/podman.sock";
  if (!process.env.DOCKER_HOST && existsSync(socket)) process.env.DOCKER_HOST = `unix://${socket}`;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  const { GenericContainer, Network, Wait, getContainerRuntimeClient } = await import("testcontainers");
  // Named, so that a container whose start failed (left "Created") is removed too.
  const names = { server: `envoy-as-probe-${process.pid}-server`, client: `envoy-as-probe-${process.pid}-client` };
  const engine = (step: string, err: unknown): ProbeResult => ({
    ok: false,
    failure: "engine",
    message: `${process.env.DOCKER_HOST ?? "the default engine"} could not ${step}: ${firstLine(err)}`,
  });
  let network;
  try {
    network = await new Network().start();
  } catch (err) {
    return engine("create a network", err);
  }
  let log = "";
  try {
    try {
      await new GenericContainer(image)
        .withName(names.server)
        .withNetwork(network)
        .withNetworkAliases(ALIAS)
        .withCommand(["node", "/app/echo.mjs", "--port", String(PORT), "--host", "0.0.0.0"])
        .withWaitStrategy(Wait.forLogMessage(/echo upstream listening/))
        .withStartupTimeout(30_000)
        .start();
      await new GenericContainer(image)
        .withName(names.client)
        .withNetwork(network)
        .withCommand(["node", "-e", CLIENT])
        .withLogConsumer((stream) => stream.on("data", (d: Buffer | string) => (log += d.toString())))
        .withWaitStrategy(Wait.forLogMessage(/probe: /))
        .withStartupTimeout(30_000)
        .start();
    } catch (err) {
      return engine(`start a container of ${image}`, err);
    }
    await waitFor(() => /probe: .*\n/.test(log), { timeoutMs: 1000, what: "the probe's verdict line" }).catch(() => undefined); // judged below from what arrived
    const verdict = /probe: (\S+) (.*)/.exec(log);
    if (verdict?.[1] === "ok") return { ok: true, address: verdict[2]!.trim(), ms: Math.round(performance.now() - started) };
    if (verdict?.[1] === "dns") {
      return { ok: false, failure: "dns", message: `a container cannot resolve the network alias "${ALIAS}" of another (${verdict[2]!.trim()})` };
    }
    return { ok: false, failure: "other", message: `a container resolved "${ALIAS}" but could not reach it: ${verdict ? verdict[0] : log.trim() || "no output"}` };
  } finally {
    const client = await getContainerRuntimeClient().catch(() => undefined);
    for (const name of [names.client, names.server]) {
      await client?.container.getById(name).remove({ force: true, v: true }).catch(() => {});
    }
    await network.stop().catch(() => {});
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0]!.trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await probeContainerNetwork();
  if (r.ok) {
    console.log(`container engine: a container reached another by its network alias (${r.address}, ${r.ms} ms)`);
  } else {
    console.error(`container engine: ${r.message}; ${probeAdvice(r.failure)}`);
  }
  process.exit(r.ok ? 0 : r.failure === "engine" ? 2 : r.failure === "dns" ? 3 : 1);
}
