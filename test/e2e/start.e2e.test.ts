// `npm start` (src/cli/start.ts) without the build step: local Envoy binary only.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { describe, expect, it } from "vitest";
import { builtFilters, parseStartArgs, start, startDemo } from "../../src/cli/start.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";
import { HELLO_WORLD_WASM, type Echo } from "./support/filters.ts";
import { testLog } from "../support/log-file.ts";

describe.runIf(MODE === "local")("envoy-as start", () => {
  const envoyLog = testLog("start-envoy");
  it("lists build/*.wasm without debug builds or subdirectories", () => {
    requireWasm(HELLO_WORLD_WASM);
    const names = builtFilters(BUILD_DIR);
    expect(names).toContain("hello-world");
    expect(names.some((n) => n.endsWith(".debug") || n.includes("/"))).toBe(false);
  });

  it("parses flags over environment variables", () => {
    expect(parseStartArgs(["--port", "1234", "--admin-port=5678"], { ENVOY_AS_UPSTREAM_PORT: "9999", ENVOY_AS_PORT: "1" }))
      .toMatchObject({ listenerPort: 1234, adminPort: 5678, upstreamPort: 9999 });
    expect(() => parseStartArgs(["--port", "x"], {})).toThrow(/--port: expected a port number/);
    expect(() => parseStartArgs(["--bogus"], {})).toThrow(/^unknown option --bogus$/);
    expect(() => parseStartArgs(["--log-level", "loud"], {})).toThrow(/--log-level: expected one of trace, debug, info, warning, error, got "loud"/);
    expect(() => parseStartArgs(["--filter", "a", "--filter", "b", "--config", "x.json"], {})).toThrow(/--config x\.json: say which filter/);
    expect(parseStartArgs(["--filter", "auth", "--config", "a.json", "--cluster", "idp=127.0.0.1:8443"], {})).toMatchObject({ filters: ["auth"], configs: { auth: "a.json" }, clusters: { idp: { host: "127.0.0.1", port: 8443 } } });
    expect(() => parseStartArgs(["--cluster", "idp"], {})).toThrow(/--cluster idp: expected NAME=HOST:PORT/);
  });

  it("serves the built filters and stops everything it started", async () => {
    requireWasm(HELLO_WORLD_WASM);
    const demo = await startDemo({ listenerPort: 0, adminPort: 0, upstreamPort: 0, filters: ["hello-world"], concurrency: 1, onEnvoyLine: envoyLog.line });
    try {
      const res = await fetch(`${demo.listenerUrl}/from-start`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-hello")).toBe("world");
      expect(((await res.json()) as Echo).path).toBe("/from-start");
    } finally {
      await demo.stop();
    }
    expect(demo.envoy.running()).toBe(false);
    expect(existsSync(demo.bootstrapPath)).toBe(false);
    await expect(fetch(demo.upstreamUrl)).rejects.toThrow();
  });

  it("names the port when it is already taken", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startDemo({ listenerPort: port, adminPort: 0, upstreamPort: 0, filters: ["hello-world"], onEnvoyLine: envoyLog.line })).rejects.toThrow(
        `listener port (--port) 127.0.0.1:${port} is already in use`,
      );
      expect(await start(["--admin-port", String(port), "--port", "0", "--upstream-port", "0"])).toBe(1);
    } finally {
      blocker.close();
    }
  });
});
