// Seeded, reproducible fuzzing of a filter in the emulator (issue 20): random configurations are
// checked by schema.json and by onConfigure (a configuration the schema rejects must be rejected
// by the filter too), and every accepted one gets random requests, each of which must not trap,
// must leave no host block in use, and must keep the VM's memory under a bound.
//
// A short run is part of the unit tests; FUZZ_ITERATIONS=<n> (and FUZZ_SEED=<s>) make a long
// one: `npm run fuzz -- <iterations> [seed]` (scripts/fuzz.sh). A failure names the seed and case to replay.
import { expect } from "vitest";
import { ConfigureRejected, Host, type Plugin } from "../../src/emulator/index.ts";
import { validateConfig } from "../../src/config/validate.ts";

/** A small deterministic PRNG (LCG): the same seed gives the same cases. */
export class Rng {
  #s: number;
  constructor(seed: number) { this.#s = seed >>> 0; }
  /** A float in [0, 1). */
  next(): number {
    this.#s = (Math.imul(this.#s, 1664525) + 1013904223) >>> 0;
    return this.#s / 2 ** 32;
  }
  /** An integer in [0, n). */
  int(n: number): number { return Math.floor(this.next() * n); }
  /** True with probability p. */
  chance(p: number): boolean { return this.next() < p; }
  /** One element of `xs`. */
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
  /** Mostly (97%) one of `valid`, else one of `invalid`: broken configurations stay a minority. */
  mostly<T>(valid: readonly T[], invalid: readonly T[]): T { return this.chance(0.97) || invalid.length === 0 ? this.pick(valid) : this.pick(invalid); }
  /** `n` characters drawn from `alphabet`. */
  text(alphabet: string, n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
  /** A length, mostly short, sometimes past Envoy's 60 KiB defaults. */
  size(): number {
    const r = this.next();
    return r < 0.7 ? this.int(40) : r < 0.95 ? this.int(4000) : 60 * 1024 + this.int(1024);
  }
}

/** Per-test timeout: two minutes for the short run, a day for a long one. */
export const FUZZ_TIMEOUT = process.env.FUZZ_ITERATIONS ? 24 * 3600_000 : 120_000;

export interface FuzzTarget {
  wasm: string;
  schema: string;
  rootId?: string;
  /** A random configuration, valid or not. */
  config(r: Rng): unknown;
  /** Random request headers for a configured filter. */
  request(r: Rng): Record<string, string>;
}

export interface FuzzOptions {
  /** Configurations to try (FUZZ_ITERATIONS overrides). */
  configs: number;
  /** Requests per accepted configuration. */
  requests: number;
  /** Memory the VM may have after any request. */
  memoryBound: number;
}

/** Runs the fuzz loop; returns how many configurations were accepted and requests sent. */
export async function fuzz(target: FuzzTarget, opts: FuzzOptions): Promise<{ accepted: number; rejected: number; requests: number }> {
  const seed = Number(process.env.FUZZ_SEED ?? 20);
  const configs = Number(process.env.FUZZ_ITERATIONS ?? opts.configs);
  const r = new Rng(seed);
  let accepted = 0, rejected = 0, requests = 0;
  for (let c = 0; c < configs; c++) {
    const where = `seed ${seed}, config #${c}`;
    const config = target.config(r);
    const schemaProblems = validateConfig(config, target.schema);
    const host = new Host();
    const vm = await host.loadVm(target.wasm);
    let plugin: Plugin | undefined;
    try {
      plugin = vm.createPlugin({ rootId: target.rootId, configuration: config as object });
    } catch (e) {
      if (!(e instanceof ConfigureRejected)) throw new Error(`${where}: onConfigure did not reject cleanly: ${e}\n${JSON.stringify(config).slice(0, 2000)}`);
    }
    if (schemaProblems.length && plugin) {
      throw new Error(`${where}: schema.json rejects what onConfigure accepts (${schemaProblems.join("; ")}):\n${JSON.stringify(config).slice(0, 2000)}`);
    }
    if (!plugin) { rejected++; continue; }
    accepted++;
    for (let i = 0; i < opts.requests; i++) {
      const headers = target.request(r);
      const s = plugin.newHttpStream();
      try {
        s.sendRequestHeaders(headers, { endOfStream: true });
        if (!s.localResponse && !s.paused.request) {
          s.sendResponseHeaders({ ":status": "200", "x-up": r.text("abc", r.size()) }, { endOfStream: true });
          s.complete();
        }
      } catch (e) {
        throw new Error(`${where}, request #${i}: ${e}\nconfig: ${JSON.stringify(config).slice(0, 2000)}\nheaders: ${JSON.stringify(headers).slice(0, 500)}`);
      }
      requests++;
      expect(vm.failed, `${where}, request #${i}: the VM failed`).toBe(false);
      expect(vm.hostBlocksInUse(), `${where}, request #${i}: host blocks left in use`).toBe(0);
      expect(vm.memoryBytes(), `${where}, request #${i}: memory`).toBeLessThan(opts.memoryBound);
    }
  }
  return { accepted, rejected, requests };
}
