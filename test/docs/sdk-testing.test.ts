// The examples of docs/sdk.md's chapter "Testing in the emulator", run as written: every ```ts
// block of that chapter must appear verbatim in this file (the first test checks it), so the
// documentation cannot drift from what runs. In a project the import is "envoy-as/testing".
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigureRejected, FilterTrap, Host, HeadersAction } from "../../src/emulator/index.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("docs/sdk.md: Testing in the emulator", () => {
  it("shows only code that this file runs", () => {
    const doc = readFileSync(resolve(ROOT, "docs/sdk.md"), "utf8");
    const chapter = doc.slice(doc.indexOf("## Testing in the emulator"));
    const blocks = [...chapter.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const self = readFileSync(import.meta.filename, "utf8");
    for (const block of blocks) {
      for (const line of block.split("\n").filter((l) => l.trim() && !l.startsWith("import "))) {
        expect(self, `docs/sdk.md line not run here: ${line}`).toContain(line.trim());
      }
    }
  });

  it("streams: headers in, headers out, the action and the host's state", async () => {
    const host = new Host();
    const vm = await host.loadVm("build/hello-world.wasm");
    const plugin = vm.createPlugin({ rootId: "hello-world", configuration: { header: "x-hello", value: "world" } });
    const stream = plugin.newHttpStream();
    expect(stream.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "demo" }, { endOfStream: true })).toBe(HeadersAction.Continue);
    stream.sendResponseHeaders({ ":status": "200" }, { endOfStream: true });
    stream.complete();
    expect(stream.responseHeader("x-hello")).toBe("world");
    expect(host.logsAt("info")).toEqual(["hello-world: /"]);
    expect(vm.hostBlocksInUse()).toBe(0);
  });

  it("configuration: a rejected one throws ConfigureRejected with the filter's error lines", async () => {
    const host = new Host();
    const vm = await host.loadVm("build/hello-world.wasm");
    const error = (() => {
      try {
        vm.createPlugin({ rootId: "hello-world", configuration: { header: "bad header" } });
      } catch (e) {
        return e as ConfigureRejected;
      }
    })();
    expect(error).toBeInstanceOf(ConfigureRejected);
    expect(error!.errorLogs).toEqual(["[error] hello-world: header: must be a valid HTTP header name"]);
  });

  it("local replies and metrics", async () => {
    const host = new Host();
    const vm = await host.loadVm("build/auth.wasm");
    const auth = vm.createPlugin({
      rootId: "auth",
      configuration: {
        providers: [{ name: "keys", api_key: { from: [{ header: "x-api-key" }], consumers: [{ name: "acme", key: "acme-demo-key-0001" }] } }],
        rules: [{ match: { path: { prefix: "/" } }, requires: "keys" }],
      },
    });
    const denied = auth.newHttpStream();
    denied.sendRequestHeaders({ ":method": "GET", ":path": "/orders", ":authority": "api" }, { endOfStream: true });
    expect(denied.localResponse?.status).toBe(401);
    expect(JSON.parse(denied.localResponse!.bodyText).reason).toBe("missing");
    expect(host.metric("auth.denied.missing")?.value).toBe(1n);
  });

  it("callouts: a cluster answered by a handler, or a pending call answered by the test", async () => {
    const host = new Host();
    host.setClusterHandler("authz", (call) => ({ status: call.header("x-tenant") === "t1" ? 200 : 403 }));
    const vm = await host.loadVm("build/auth.wasm");
    const auth = vm.createPlugin({
      rootId: "auth",
      configuration: {
        providers: [{ name: "authz", ext_authz: { cluster: "authz", timeout_ms: 250, headers_to_send: ["x-tenant"] } }],
        rules: [{ match: { path: { prefix: "/" } }, requires: "authz" }],
      },
    });
    const allowed = auth.newHttpStream();
    allowed.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "api", "x-tenant": "t1" }, { endOfStream: true });
    expect(allowed.localResponse).toBeUndefined();
    expect(allowed.paused.request).toBe(false);
    expect(host.httpCalls[0]!.header("x-tenant")).toBe("t1");

    host.setClusterHandler("authz"); // no handler: calls stay pending until the test answers
    const waiting = auth.newHttpStream();
    waiting.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "api" }, { endOfStream: true });
    expect(waiting.paused.request).toBe(true);
    host.pendingHttpCalls[0]!.timeout(); // or .respond({ status, headers, body }), .reset()
    expect(waiting.localResponse?.status).toBe(403);
  });

  it("time: the clock is virtual and moves only when the test advances it", async () => {
    const host = new Host();
    const before = host.clock();
    host.advanceTime(60_000);
    expect(host.clock() - before).toBe(60_000_000_000n);
  });

  it("traps: a trap is a FilterTrap naming the filter, the callback and the message", async () => {
    const host = new Host();
    const vm = await host.loadVm("build/test/probe.debug.wasm");
    const probe = vm.createPlugin({ rootId: "probe" });
    const stream = probe.newHttpStream();
    let trap: FilterTrap | undefined;
    try {
      stream.sendRequestHeaders({ ":method": "GET", ":path": "/", ":authority": "a", "x-probe": "trap" }, { endOfStream: true });
    } catch (e) {
      trap = e as FilterTrap;
    }
    expect(trap).toBeInstanceOf(FilterTrap);
    expect(trap!.abortMessage).toBe("probe trap requested");
    expect(trap!.location).toMatch(/probe\/index\.ts:\d+:\d+/);
    expect(vm.failed).toBe(true); // as in Envoy: the VM is gone, failure_policy decides the rest
  });

  it("workers: one VM per worker, sharing the host's shared data and metrics", async () => {
    const host = new Host();
    const workers = await host.loadWorkers("build/hello-world.wasm", 2);
    const plugins = workers.map((vm) => vm.createPlugin({ rootId: "hello-world" }));
    expect(plugins).toHaveLength(2);
    expect(workers[0]).not.toBe(workers[1]);
  });
});
