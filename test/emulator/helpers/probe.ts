/**
 * Helpers for the scripted probe fixture (test/fixtures/emulator/probe.ts): build a plan, read
 * back what each op returned.
 */
import { Host, type HostOptions, type Plugin, type PluginOptions, type Vm } from "../../../src/emulator/index.ts";
import { fixture } from "./fixtures.ts";

/** One op result logged by the probe: `callback|op|rc|value|flag`. */
export interface ProbeResult {
  callback: string;
  op: string;
  rc: number;
  /** Hex bytes for data outputs, a decimal for numeric outputs. */
  value: string;
  /** "p0"/"p1" for *_ptr_ptr outputs (whether ptr was 0), or a second number. */
  flag: string;
}

/** Hex-encodes a string (UTF-8) or bytes for a plan argument. */
export function hex(value: string | Uint8Array): string {
  return Buffer.from(typeof value === "string" ? new TextEncoder().encode(value) : value).toString("hex");
}

/** Decodes a hex value to bytes. */
export function unhex(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, "hex"));
}

/** Decodes a hex value to UTF-8 text. */
export function unhexText(value: string): string {
  return Buffer.from(value, "hex").toString("utf8");
}

/** All op results the probe logged, optionally only those of one op. */
export function results(host: Host, op?: string): ProbeResult[] {
  return host
    .logsAt("info")
    .map((line) => line.split("|"))
    .filter((f) => f.length === 5 && f[1] !== "called" && (op === undefined || f[1] === op))
    .map(([callback, op, rc, value, flag]) => ({ callback, op, rc: Number(rc), value, flag }));
}

/** The single result of `op`; throws unless exactly one was logged. */
export function result(host: Host, op: string): ProbeResult {
  const all = results(host, op);
  if (all.length !== 1) throw new Error(`expected one ${op} result, got ${all.length}: ${JSON.stringify(all)}\nlogs:\n${host.logsAt("info").join("\n")}`);
  return all[0];
}

/** The `callback|called|args` lines, as `callback(args)` strings. */
export function calls(host: Host): string[] {
  return host
    .logsAt("info")
    .map((line) => line.split("|"))
    .filter((f) => f[1] === "called")
    .map((f) => `${f[0]}(${f[2]})`);
}

/** Loads the probe in a fresh host and creates a plugin with the plan as configuration. */
export async function probe(
  plan: string[],
  options: { host?: HostOptions; vm?: Parameters<Host["loadVm"]>[1]; plugin?: PluginOptions } = {},
): Promise<{ host: Host; vm: Vm; plugin: Plugin }> {
  const host = new Host(options.host);
  const vm = await host.loadVm(await fixture("probe"), { name: "probe", ...options.vm });
  const plugin = vm.createPlugin({ ...options.plugin, configuration: plan.join("\n") });
  return { host, vm, plugin };
}
