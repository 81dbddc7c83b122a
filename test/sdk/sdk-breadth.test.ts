// Callouts, shared data and queues, metrics, ticks and foreign functions: the SDK
// (test/fixtures/filters/sdk-breadth) through the host emulator, including several worker VMs
// sharing one vm_id. test/e2e/sdk-breadth.e2e.test.ts checks the same filter against Envoy.
import { resolve } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { HeadersAction, Host, MetricType, TIMEOUT_BODY, WasmResult, type Plugin, type Vm } from "../../src/emulator/index.ts";

const WASM = resolve(import.meta.dirname, "../../build/test/sdk-breadth.wasm");
const GET = { ":method": "GET", ":path": "/", ":authority": "example.com", ":scheme": "http" };

let host: Host;
let vm: Vm;
let plugin: Plugin;

async function setUp(configuration: object = {}, vmId = "breadth") {
  host = new Host();
  vm = await host.loadVm(WASM, { vmId });
  plugin = vm.createPlugin({ rootId: "sdk-breadth", configuration });
}

function send(op: string, extra: Record<string, string> = {}, on: Plugin = plugin) {
  const stream = on.newHttpStream();
  const action = stream.sendRequestHeaders({ ...GET, "x-op": op, ...extra }, { endOfStream: true });
  return { stream, action };
}

describe("HTTP callouts from a stream", () => {
  beforeEach(() => setUp());

  it("pauses, calls the cluster from the root context, and resumes from the callback with the answer", () => {
    host.setClusterHandler("authz", (call) => ({ status: 200, body: `ok:${call.header("x-user")}` }));
    const { stream, action } = send("callout", { "x-user": "alice" });
    expect(action).toBe(HeadersAction.StopIteration);
    const [call] = host.httpCalls;
    expect(call.cluster).toBe("authz");
    expect(call.header(":path")).toBe("/check?user=alice");
    expect(call.header(":authority")).toBe("authz");
    expect(call.timeoutMs).toBe(1000);
    expect(call.rootContextId).toBe(plugin.contextId);
    expect(call.contextId).toBe(stream.contextId);
    expect(call.state).toBe("responded");
    // The callback made the stream effective, edited its headers and resumed it.
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-authz")).toBe("ok:alice");
    expect(stream.continued.map((c) => c.callback)).toEqual(["proxy_on_http_call_response"]);
  });

  it("hands out tokens ≡ 0 mod 4 from 4, per VM", () => {
    host.setClusterHandler("authz", () => ({ status: 200 }));
    send("callout");
    send("callout");
    const other = host.loadVm(WASM, { vmId: "breadth" });
    return other.then((vm2) => {
      send("callout", {}, vm2.createPlugin({ rootId: "sdk-breadth" }));
      expect(host.httpCalls.map((c) => c.token)).toEqual([4, 8, 4]);
    });
  });

  it("answers the stream locally when the cluster denies", () => {
    host.setClusterHandler("authz", () => ({ status: 403, headers: { "x-reason": "no" }, body: "denied by authz" }));
    const { stream } = send("callout");
    expect(stream.localResponse?.status).toBe(403);
    expect(stream.localResponse?.bodyText).toBe("denied by authz");
    expect(stream.localResponse?.headers).toContainEqual(["x-callout", "denied"]);
  });

  it("leaves calls pending until the test answers them", () => {
    host.addCluster("authz");
    const { stream } = send("callout", { "x-user": "bob" });
    expect(host.pendingHttpCalls).toHaveLength(1);
    expect(stream.paused.request).toBe(true);
    host.pendingHttpCalls[0].respond({ status: 200, body: "late" });
    expect(host.pendingHttpCalls).toHaveLength(0);
    expect(stream.paused.request).toBe(false);
    expect(stream.requestHeader("x-authz")).toBe("late");
  });

  it("turns a call's timeout into Envoy's 504 on the virtual clock, distinct from a failure", () => {
    host.addCluster("authz");
    const { stream } = send("callout", { "x-timeout-ms": "250" });
    host.advanceTime(249);
    expect(host.pendingHttpCalls).toHaveLength(1);
    host.advanceTime(1);
    expect(host.httpCalls[0].state).toBe("timed-out");
    expect(stream.localResponse?.status).toBe(504);
    expect(stream.localResponse?.bodyText).toBe(`callout timed out: ${TIMEOUT_BODY}`);
    expect(stream.localResponse?.headers).toContainEqual(["x-callout-headers", "3"]);
  });

  it("reports a reset as a failure (no headers, get_status 11 \"reset\")", () => {
    host.addCluster("authz");
    const { stream } = send("callout");
    host.pendingHttpCalls[0].reset();
    expect(stream.localResponse?.status).toBe(502);
    expect(stream.localResponse?.bodyText).toBe("callout failed: reset");
    expect(plugin.context.status).toEqual({ code: 11, message: "reset" });
  });

  it("drops a response whose stream has ended, without touching the stream", () => {
    host.addCluster("authz");
    const { stream } = send("callout");
    stream.complete();
    host.pendingHttpCalls[0].respond({ status: 200, body: "too late" });
    expect(host.logsAt("debug").some((l) => /context \d+ ended before the response; dropped/.test(l))).toBe(true);
    expect(vm.failed).toBe(false);
    expect(vm.hostBlocksInUse()).toBe(0);
    // The VM still serves requests.
    host.setClusterHandler("authz", () => ({ status: 200, body: "fine" }));
    expect(send("callout").stream.requestHeader("x-authz")).toBe("fine");
  });

  it("cancels calls of a deleted root context", () => {
    host.addCluster("authz");
    send("callout");
    plugin.shutdown();
    const [call] = host.httpCalls;
    call.respond({ status: 200 });
    expect(call.state).toBe("cancelled");
  });

  it("refuses a call missing :authority in the SDK, with a logged reason and no host call", () => {
    host.addCluster("authz");
    const { stream } = send("callout-missing");
    expect(stream.requestHeader("x-callout-result")).toBe(
      `${WasmResult.BadArgument}|dispatchHttpCall to authz: missing required header :authority (need :method, :path and :authority)`,
    );
    expect(host.httpCalls).toHaveLength(0);
    expect(host.logsAt("error")[0]).toContain("missing required header :authority");
  });

  it("gets BadArgument and token 0 for an unknown cluster, as from Envoy", () => {
    const { stream } = send("callout-unknown");
    expect(stream.requestHeader("x-callout-result")).toBe(`${WasmResult.BadArgument}|0`);
  });

  it("delivers a root-level call's answer to the root context", () => {
    host.setClusterHandler("authz", (call) => ({ status: 200, body: `${call.header(":method")} ${call.bodyText} ${call.header("content-length")}` }));
    const { stream } = send("callout-root");
    expect(stream.requestHeader("x-callout-result")).toBe("0");
    expect(stream.paused.request).toBe(false);
    expect(host.logsAt("info")).toContain(`sdk-breadth: root callout answered 200 POST refresh please 14 in context ${plugin.contextId}`);
  });
});

describe("shared data", () => {
  beforeEach(() => setUp());

  it("gets, sets with cas, refuses a stale cas, and sets unconditionally with cas 0", () => {
    const { stream } = send("shared", { "x-key": "a" });
    expect(stream.requestHeader("x-shared")).toBe("absent=1;set=0;get=v1,cas>0;cas-set=0;stale=8;now=v2,new-cas;force=0;final=v4");
    expect(host.sharedData.getText("breadth", "sdk-breadth/shared/a")).toBe("v4");
  });

  it("is shared by VMs with the same vm_id and separate from other vm_ids", async () => {
    send("count");
    const sibling = (await host.loadVm(WASM, { vmId: "breadth" })).createPlugin({ rootId: "sdk-breadth" });
    const stranger = (await host.loadVm(WASM, { vmId: "other" })).createPlugin({ rootId: "sdk-breadth" });
    expect(send("count", {}, sibling).stream.requestHeader("x-count")).toBe("2");
    expect(send("count", {}, stranger).stream.requestHeader("x-count")).toBe("1");
    expect(host.sharedData.getText("breadth", "sdk-breadth/count")).toBe("2");
  });

  it("loses no update when two workers race read-modify-write (CAS retries)", async () => {
    host = new Host();
    const workers = await host.loadWorkers(WASM, 2, { vmId: "race" });
    const [a, b] = workers.map((w) => w.createPlugin({ rootId: "sdk-breadth" }));
    expect(workers.map((w) => w.name)).toEqual(["sdk-breadth#0", "sdk-breadth#1"]);
    // Whenever worker A has read the counter, worker B counts a request before A writes back:
    // A's write then carries a stale cas, so it must retry.
    let interleave = 0;
    host.sharedData.onGet = (_vmId, key) => {
      if (key !== "sdk-breadth/count" || interleave <= 0) return;
      interleave--;
      send("count", {}, b);
    };
    const attempts: number[] = [];
    for (let i = 0; i < 20; i++) {
      interleave = 1;
      attempts.push(Number(send("count", {}, a).stream.requestHeader("x-attempts")));
    }
    host.sharedData.onGet = undefined;
    for (let i = 0; i < 10; i++) send("count", {}, b);
    expect(host.sharedData.getText("race", "sdk-breadth/count")).toBe(String(20 + 20 + 10));
    expect(attempts.every((n) => n === 2)).toBe(true);
    expect(host.metric("sdk_breadth_cas_retries")?.value).toBe(20n);
    expect(host.metric("sdk_breadth_requests")?.value).toBe(50n);
  });
});

describe("shared queues", () => {
  it("notifies the last registering root context, on its own VM, after the enqueuing callback", async () => {
    host = new Host();
    const [first, second] = (await host.loadWorkers(WASM, 2, { vmId: "q" })).map((w) => w.createPlugin({ rootId: "sdk-breadth" }));
    // Both roots registered "sdk-breadth-queue" in onConfigure; the second one owns it now.
    const { stream } = send("enqueue", { "x-item": "hello" }, first);
    expect(stream.requestHeader("x-enqueue")).toBe("0");
    const dequeued = host.logs.filter((l) => l.message.includes("dequeued"));
    expect(dequeued.map((l) => [l.vm, l.contextId, l.message])).toEqual([["sdk-breadth#1", second.contextId, "sdk-breadth: vm 2 dequeued hello"]]);
    expect(host.sharedQueues.items("q", "sdk-breadth-queue")).toEqual([]);
    expect(host.sharedQueues.enqueueByName("q", "sdk-breadth-queue", "from the test")).toBe(WasmResult.Ok);
    expect(host.logsAt("info")).toContain("sdk-breadth: vm 2 dequeued from the test");
    expect(host.sharedQueues.enqueueByName("q", "no-such-queue", "x")).toBe(WasmResult.NotFound);
  });
});

describe("metrics", () => {
  beforeEach(() => setUp());

  it("follows Envoy: counter delta 0 refused, gauge add/set, histogram record, type in the id's low bits", () => {
    const { stream } = send("metrics");
    expect(stream.requestHeader("x-metrics")).toBe(`inc0=${WasmResult.BadArgument};inc2=0;counter=2;gset=0;gadd=0;gauge=7;hrec=0`);
    expect(stream.requestHeader("x-metric-ids")).toBe("0,1,2");
    expect(host.metric("sdk_breadth_probe_counter")).toMatchObject({ type: MetricType.Counter, value: 2n });
    expect(host.metric("sdk_breadth_probe_gauge")).toMatchObject({ type: MetricType.Gauge, value: 7n });
    expect(host.metric("sdk_breadth_probe_histogram")?.samples).toEqual([42n]);
  });

  it("shares one stat per name across VMs", async () => {
    send("read-count");
    const other = (await host.loadVm(WASM, { vmId: "x" })).createPlugin({ rootId: "sdk-breadth" });
    send("read-count", {}, other);
    expect(host.metric("sdk_breadth_requests")?.value).toBe(2n);
    expect(host.metric("no_such_metric")).toBeUndefined();
  });

  it("records callout body sizes in a histogram", () => {
    host.setClusterHandler("authz", () => ({ status: 200, body: "12345" }));
    send("callout");
    expect(host.metric("sdk_breadth_callout_body_bytes")?.samples).toEqual([5n]);
  });
});

describe("ticks", () => {
  it("fire per root context per VM as the virtual clock advances", async () => {
    host = new Host();
    const workers = await host.loadWorkers(WASM, 2, { vmId: "t" });
    workers.forEach((w) => w.createPlugin({ rootId: "sdk-breadth", configuration: { tickMs: 100 } }));
    host.advanceTime(99);
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(0n);
    host.advanceTime(251);
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(6n);
    expect(host.logsAt("debug").filter((l) => l === "sdk-breadth: tick 3")).toHaveLength(2);
  });

  it("let a stream set its root's period; the change applies from the next re-arm", async () => {
    await setUp({ tickMs: 100 });
    expect(send("tick-period", { "x-period": "1000" }).stream.requestHeader("x-tick-period")).toBe("0");
    expect(host.timers.tickPeriod(vm, plugin.contextId)).toBe(1000);
    host.advanceTime(100); // the timer armed with 100 ms still fires once
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(1n);
    host.advanceTime(999);
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(1n);
    host.advanceTime(1);
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(2n);
  });

  it("stop for a deleted root context", async () => {
    await setUp({ tickMs: 100 });
    host.advanceTime(100);
    plugin.shutdown();
    host.advanceTime(1000);
    expect(host.metric("sdk_breadth_ticks")?.value).toBe(1n);
  });
});

describe("root lifecycle: deferred done", () => {
  it("keeps a root whose onDone returned false until it calls done(), then deletes it", async () => {
    await setUp({ deferDone: true });
    expect(send("done").stream.requestHeader("x-done")).toBe(String(WasmResult.NotFound));
    expect(plugin.shutdown()).toBe(false);
    expect(plugin.state).toBe("done-pending");
    host.advanceTime(10); // onDone armed a 10 ms tick; the tick calls done()
    expect(host.logsAt("info")).toContain("sdk-breadth: done() gave 0");
    expect(host.logsAt("info")).toContain(`sdk-breadth: root ${plugin.contextId} deleted`);
    expect(plugin.state).toBe("deleted");
    host.advanceTime(100);
    expect(host.logsAt("debug").filter((l) => l.startsWith("sdk-breadth: tick"))).toHaveLength(1);
  });
});

describe("foreign functions", () => {
  beforeEach(() => setUp());

  it("clear_route_cache is recorded on the stream; unknown functions give NotFound", () => {
    const { stream } = send("foreign");
    expect(stream.requestHeader("x-foreign")).toBe(`0,${WasmResult.NotFound}`);
    expect(stream.routeCacheClears).toBe(1);
    expect(host.foreignCalls.map((c) => [c.name, c.contextId])).toEqual([["clear_route_cache", stream.contextId], ["no_such_function", stream.contextId]]);
  });

  it("test-registered functions answer the guest", () => {
    host.registerForeignFunction("no_such_function", () => WasmResult.BadArgument);
    expect(send("foreign").stream.requestHeader("x-foreign")).toBe(`0,${WasmResult.BadArgument}`);
  });

  it("the host calls proxy_on_foreign_function with its arguments in CallData", () => {
    plugin.foreignFunction(7, "dns results");
    expect(host.logsAt("info")).toContain("sdk-breadth: foreign function 7 args dns results");
  });
});
