// One configuration contract per filter: a plugin configuration is valid when the filter's schema.json
// accepts it AND the filter's own onConfigure accepts it, run in the emulator on the module Envoy would
// load. schema.json says what JSON Schema can (types, bounds, required fields); onConfigure also refuses
// what it cannot (a regex that does not compile, duplicate names, a template naming a missing capture).
// The build (on the sample config.json), `envoy-as validate` and `envoy-as istio --config` all ask this
// one function, so a configuration that Envoy would refuse (and keep the previous one for) never ships.
// test/config/conformance.test.ts keeps the two halves agreeing wherever the schema can speak.
import { existsSync } from "node:fs";
import { validateConfig } from "./validate.ts";

/** What a configuration is checked against. */
export interface ContractTarget {
  /** The filter's key; also its root_id unless `rootId` says otherwise. */
  name: string;
  rootId?: string;
  schema?: string;
  /** The module whose onConfigure is run. */
  wasm: string;
}

/** Accepted, or refused at one stage with the lines that say why. */
export type ContractVerdict =
  | { ok: true }
  | { ok: false; stage: "schema" | "onConfigure" | "module"; problems: string[] };

/**
 * Checks `config` against the filter's schema (if it has one), then against its onConfigure in the
 * emulator. May be called any time the module exists; a missing module is reported as stage "module".
 */
export async function checkConfigContract(target: ContractTarget, config: unknown): Promise<ContractVerdict> {
  if (target.schema) {
    const problems = validateConfig(config, target.schema);
    if (problems.length) return { ok: false, stage: "schema", problems };
  }
  if (!existsSync(target.wasm)) return { ok: false, stage: "module", problems: [`${target.wasm} is not built`] };
  const { Host, ConfigureRejected } = await import("../emulator/index.ts");
  const vm = await new Host().loadVm(target.wasm);
  try {
    vm.createPlugin({ rootId: target.rootId ?? target.name, configuration: config as object });
  } catch (err) {
    if (!(err instanceof ConfigureRejected)) throw err;
    return { ok: false, stage: "onConfigure", problems: err.errorLogs.length ? err.errorLogs : ["onConfigure returned false (nothing logged)"] };
  }
  return { ok: true };
}

/** The verdict's lines for a user: the file, which check refused it, and each problem indented. */
export function describeRefusal(file: string, filter: string, v: Exclude<ContractVerdict, { ok: true }>): string {
  const stage = v.stage === "schema" ? "schema" : "the filter's onConfigure refused it; Envoy would keep the previous configuration";
  return `${file} is invalid for ${filter} (${stage}):\n${v.problems.map((p) => `  ${p}`).join("\n")}`;
}
