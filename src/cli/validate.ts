// `envoy-as validate <filter> <config.json>`: the two checks a configuration meets before Envoy
// takes it: the filter's JSON Schema (what the build applies to config.json) and the filter's own
// onConfigure, run in the emulator on the module Envoy would load. Both must accept it.
import { parseCommand } from "./args.ts";

export const VALIDATE_USAGE = `usage: envoy-as validate <filter> <config.json>
  Checks a plugin configuration for <filter> (yours in assembly/filters, or a shipped one: auth,
  header-rewrite, rate-limit) against its schema.json, then runs the filter's onConfigure on it in the
  emulator (the module must be built: envoy-as build <filter>). Exit 0 when both accept it.`;

export async function validateCommand(args: string[]): Promise<number> {
  const p = parseCommand({ usage: VALIDATE_USAGE, positionals: [2, 2] }, args);
  if (!p) return 0;
  const [name, file] = p.positionals as [string, string];
  const { lookupFilter, readConfigFile } = await import("../build/catalog.ts");
  const { findProjectRoot } = await import("../paths.ts");
  const { checkConfigContract, describeRefusal } = await import("../config/contract.ts");
  const filter = lookupFilter(findProjectRoot(), name);
  const config = readConfigFile(file);
  const verdict = await checkConfigContract(filter, config);
  if (!verdict.ok && verdict.stage === "module") {
    console.error(`${file}: ${filter.schema ? "matches the schema, but " : ""}${filter.wasm} is not built, so onConfigure was not run: run \`npx envoy-as build ${name}\` and validate again`);
    return 1;
  }
  if (!verdict.ok) {
    console.error(describeRefusal(file, name, verdict));
    return 1;
  }
  console.log(`${file}: valid ${name} configuration (schema${filter.schema ? "" : ": none"}, onConfigure: accepted)`);
  return 0;
}
