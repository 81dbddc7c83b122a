// The helpers that start real servers for tests must not pick a port and hand the number on:
// between the pick and the server's bind, another process can take it. Here every port a probe
// socket reports is one another server already holds, as if that process had won the race; a
// start that depends on such a pick fails, one whose server binds port 0 itself does not.
import { existsSync } from "node:fs";
import type * as Net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const taken = vi.hoisted(() => ({ port: 0 }));

vi.mock("node:net", async (importOriginal) => {
  const real = await importOriginal<typeof Net>();
  const createServer = ((...args: Parameters<typeof real.createServer>) => {
    const server = real.createServer(...args);
    const address = server.address.bind(server);
    server.address = () => {
      const a = address();
      return a && typeof a === "object" && taken.port ? { ...a, port: taken.port } : a;
    };
    return server;
  }) as typeof real.createServer;
  return { ...real, createServer, default: { ...real, createServer } };
});

const { startRegistry, REGISTRY_BIN } = await import("../package/support/registry.ts");
const { startRedis, startRatelimitService, BINARY } = await import("../../src/testing/ratelimit-service.ts");

let blocker: Net.Server;
beforeAll(async () => {
  const real = await vi.importActual<typeof Net>("node:net");
  blocker = real.createServer();
  await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
  taken.port = (blocker.address() as Net.AddressInfo).port;
});
afterAll(async () => {
  taken.port = 0;
  await new Promise((r) => blocker.close(r));
});

describe("servers started for tests while the port a probe would pick is taken", () => {
  it.skipIf(!existsSync(REGISTRY_BIN))("docker-registry starts and answers /v2/ on a port it bound itself", async () => {
    const registry = await startRegistry();
    try {
      expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(registry.host).not.toBe(`127.0.0.1:${taken.port}`);
      expect((await fetch(`http://${registry.host}/v2/`)).status).toBe(200);
    } finally {
      await registry.stop();
    }
  });

  it("redis-server starts and answers PING", async () => {
    const redis = await startRedis();
    try {
      expect(await redis.command("PING")).toBe("+PONG\r\n");
    } finally {
      await redis.stop();
    }
  });

  it.skipIf(!existsSync(BINARY))("envoyproxy/ratelimit starts and answers /healthcheck", async () => {
    const rls = await startRatelimitService({ config: "domain: race\ndescriptors: []\n" });
    try {
      expect([rls.grpcPort, rls.httpPort]).not.toContain(taken.port);
      const res = await fetch(`http://127.0.0.1:${rls.httpPort}/healthcheck`);
      expect(res.status).toBe(200);
    } finally {
      await rls.stop();
    }
  });
});
