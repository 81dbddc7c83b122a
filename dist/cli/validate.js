// `envoy-as validate <filter> <config.json>`: the two checks a configuration meets before Envoy
// takes it: the filter's JSON Schema (what the build applies to config.json) and the filter's own
// onConfigure, run in the emulator on the module Envoy would load. Both must accept it.
import { parseCommand } from "./args.js";
export const VALIDATE_USAGE = `usage: envoy-as validate <filter> <config.json>
  Checks a plugin configuration for <filter> (yours in assembly/filters, or a shipped one: auth,
  header-rewrite, rate-limit) against its schema.json, then runs the filter's onConfigure on it in the
  emulator (the module must be built: envoy-as build <filter>). Exit 0 when both accept it.`;
export async function validateCommand(args) {
    const p = parseCommand({ usage: VALIDATE_USAGE, positionals: [2, 2] }, args);
    if (!p)
        return 0;
    const [name, file] = p.positionals;
    const { lookupFilter, readConfigFile } = await import("../build/catalog.js");
    const { findProjectRoot } = await import("../paths.js");
    const { validateConfig } = await import("../config/validate.js");
    const { existsSync } = await import("node:fs");
    const filter = lookupFilter(findProjectRoot(), name);
    const config = readConfigFile(file);
    if (filter.schema) {
        const problems = validateConfig(config, filter.schema);
        if (problems.length) {
            console.error(`${file} is invalid for ${name} (schema):\n${problems.map((x) => `  ${x}`).join("\n")}`);
            return 1;
        }
    }
    if (!existsSync(filter.wasm)) {
        console.error(`${file}: ${filter.schema ? "matches the schema, but " : ""}${filter.wasm} is not built, so onConfigure was not run: run \`npx envoy-as build ${name}\` and validate again`);
        return 1;
    }
    const { Host, ConfigureRejected } = await import("../emulator/index.js");
    try {
        const vm = await new Host().loadVm(filter.wasm);
        vm.createPlugin({ rootId: name, configuration: config });
    }
    catch (err) {
        if (!(err instanceof ConfigureRejected))
            throw err;
        console.error(`${file} is invalid for ${name} (the filter's onConfigure refused it; Envoy would keep the previous configuration):\n${err.errorLogs.map((l) => `  ${l}`).join("\n")}`);
        return 1;
    }
    console.log(`${file}: valid ${name} configuration (schema${filter.schema ? "" : ": none"}, onConfigure: accepted)`);
    return 0;
}
