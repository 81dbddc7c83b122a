// `envoy-as build [filter…] [--force]`: compiles the project's filters (assembly/filters/*).
import { parseCommand, bool } from "./args.js";
export const BUILD_USAGE = `usage: envoy-as build [filter…] [--force]
  Compiles assembly/filters/<filter>/index.ts to build/<filter>.wasm (release) and build/<filter>.debug.wasm,
  checks each module against what Envoy links, validates config.json against schema.json, prints sizes.
  Default: every filter of the project. Unchanged filters are taken from the build cache.
  --force   recompile even if nothing changed`;
export async function buildCommand(args) {
    const p = parseCommand({ usage: BUILD_USAGE, options: { force: { type: "boolean" } } }, args);
    if (!p)
        return 0;
    const { buildAll } = await import("../build/index.js");
    const { findProjectRoot } = await import("../paths.js");
    await buildAll({ projectRoot: findProjectRoot(), only: p.positionals, force: bool(p, "force") });
    return 0;
}
