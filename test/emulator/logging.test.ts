import { describe, expect, it } from "vitest";
import { Host, LogLevel, VIRTUAL_CLOCK_START, VIRTUAL_MONOTONIC_START, WasmResult } from "../../src/emulator/index.ts";
import { hex, probe, result, results, unhexText } from "./helpers/probe.ts";

describe("proxy_log and proxy_get_log_level", () => {
  it("records level, context, VM and plugin; rejects levels above Critical; bad pointers are InvalidMemoryAccess", async () => {
    const { host, plugin } = await probe(["request_headers|log|3|careful", "request_headers|log|6|too high", "request_headers|log_bad_ptr"]);
    plugin.newHttpStream().sendRequestHeaders({});
    expect(host.logs.find((l) => l.message === "careful")).toEqual({ level: LogLevel.Warn, levelName: "warn", message: "careful", contextId: 2, vm: "probe", plugin: "probe" });
    expect(host.logsAt("warn")).toEqual(["careful"]);
    expect(results(host, "log").map((r) => r.rc)).toEqual([0, WasmResult.BadArgument]);
    expect(result(host, "log_bad_ptr").rc).toBe(WasmResult.InvalidMemoryAccess);
  });

  it("drops lines below the host level and reports the level (which may change)", async () => {
    const { host, plugin } = await probe(["request_headers|log|1|debug line", "request_headers|log_level"], { host: { logLevel: LogLevel.Info } });
    plugin.newHttpStream().sendRequestHeaders({});
    expect(host.logsAt("debug")).toEqual([]);
    expect(result(host, "log_level").value).toBe("2");
    host.logLevel = 6;
    host.clearLogs();
    plugin.newHttpStream().sendRequestHeaders({});
    expect(host.logs).toEqual([]); // off
    host.logLevel = LogLevel.Trace;
    plugin.newHttpStream().sendRequestHeaders({});
    expect(result(host, "log_level").value).toBe("0");
  });
});

describe("time", () => {
  it("uses a virtual wall clock that tests advance", async () => {
    const { host, plugin } = await probe(["request_headers|time"]);
    plugin.newHttpStream().sendRequestHeaders({});
    host.advanceTime(1500);
    plugin.newHttpStream().sendRequestHeaders({});
    expect(results(host, "time").map((r) => BigInt(r.value))).toEqual([VIRTUAL_CLOCK_START, VIRTUAL_CLOCK_START + 1_500_000_000n]);
  });

  it("accepts a custom clock", async () => {
    const { host, plugin } = await probe(["request_headers|time", "request_headers|clock|0"], { host: { clock: () => 123n } });
    plugin.newHttpStream().sendRequestHeaders({});
    expect(results(host).map((r) => r.value)).toEqual(["123", "123"]);
    expect(() => host.advanceTime(1)).toThrow(/virtual clock/);
  });
});

describe("WASI", () => {
  it("fd_write logs fd 1 at info and fd 2 at error, stripping one trailing newline; other fds BADF", async () => {
    const { host, plugin } = await probe([
      `request_headers|fd_write|1|${hex("out line\n")}`,
      `request_headers|fd_write|2|${hex("err line\n\n")}`,
      `request_headers|fd_write|3|${hex("x")}`,
    ]);
    plugin.newHttpStream().sendRequestHeaders({});
    expect(host.logsAt("info")).toContain("out line");
    expect(host.logsAt("error")).toEqual(["err line\n"]);
    expect(results(host, "fd_write").map((r) => `${r.rc}:${r.value}`)).toEqual(["0:9", "0:10", expect.stringMatching(/^8:/)]);
  });

  it("clock_time_get supports realtime and monotonic only; random_get caps at 64 KiB", async () => {
    const { host, plugin } = await probe(["request_headers|clock|1", "request_headers|clock|2", "request_headers|random|32", "request_headers|random|65537"]);
    host.advanceTime(2);
    plugin.newHttpStream().sendRequestHeaders({});
    const [mono, bad] = results(host, "clock");
    expect([mono.rc, mono.value]).toEqual([0, String(VIRTUAL_MONOTONIC_START + 2_000_000n)]);
    expect(bad.rc).toBe(58);
    expect(results(host, "random").map((r) => r.rc)).toEqual([0, 28]);
  });

  it("serves the VM environment; proc_exit logs and returns", async () => {
    const { host, plugin } = await probe(["request_headers|environ", "request_headers|proc_exit|3"], { vm: { environment: { A: "1", BB: "two" } } });
    plugin.newHttpStream().sendRequestHeaders({});
    const env = result(host, "environ");
    expect(env.value).toBe("2");
    expect(unhexText(env.flag)).toBe("A=1\0BB=two\0");
    expect(result(host, "proc_exit").rc).toBe(0);
    expect(host.logsAt("error").some((l) => l.includes("proc_exit(3)"))).toBe(true);
  });
});

describe("Host", () => {
  it("logsAt accepts names and levels", () => {
    const host = new Host();
    expect(host.logsAt("critical")).toEqual([]);
    expect(() => host.logsAt("loud" as never)).toThrow(/unknown log level/);
  });
});
