// `envoy-as start` (npm start): check the arguments and ports, build the project filters it will
// serve without hot reload (only those), then serve them through Envoy until Ctrl-C.
import { parseStartArgs } from "./start.ts";

export async function startCommand(args: string[]): Promise<number> {
  const options = parseStartArgs(args); // bad flags fail here, before any build
  if (!options) return 0;
  const { findProjectRoot } = await import("../paths.ts");
  const projectRoot = findProjectRoot();
  const { checkPorts, hotReloaded, servedFilters, start } = await import("./start.ts");
  await checkPorts(options);
  // Hot-reloaded filters are compiled by the reloader with the dev loop's settings (-O0: a
  // fraction of an optimized compile); only filters served as they are need build/<name>.wasm.
  const served = servedFilters(projectRoot, options.filters).filter((r) => r.origin === "project");
  const fixed = served.filter((r) => !hotReloaded(options, r)).map((r) => r.name);
  if (fixed.length) {
    const { buildAll } = await import("../build/index.ts");
    await buildAll({ projectRoot, only: fixed, targets: ["release"] }); // `build` adds the debug ones
  }
  return start({ ...options, projectRoot });
}
