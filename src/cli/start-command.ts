// `envoy-as start` (npm start): check the arguments, build the project filters it will serve
// (only those), then serve them through Envoy until Ctrl-C.
import { parseStartArgs } from "./start.ts";

export async function startCommand(args: string[]): Promise<number> {
  const options = parseStartArgs(args); // bad flags fail here, before any build
  if (!options) return 0;
  const { findProjectRoot } = await import("../paths.ts");
  const projectRoot = findProjectRoot();
  const { checkPorts, servedFilters, start } = await import("./start.ts");
  await checkPorts(options);
  const own = servedFilters(projectRoot, options.filters).filter((r) => r.origin === "project").map((r) => r.name);
  if (own.length) {
    const { buildAll } = await import("../build/index.ts");
    await buildAll({ projectRoot, only: own, targets: ["release"] }); // start serves release modules; `build` adds the debug ones
  }
  return start({ ...options, projectRoot });
}
