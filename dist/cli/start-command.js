// `envoy-as start` (npm start): check the arguments, build the project filters it will serve
// (only those), then serve them through Envoy until Ctrl-C.
import { parseStartArgs } from "./start.js";
export async function startCommand(args) {
    const options = parseStartArgs(args); // bad flags fail here, before any build
    if (!options)
        return 0;
    const { findProjectRoot } = await import("../paths.js");
    const projectRoot = findProjectRoot();
    const { checkPorts, servedFilters, start } = await import("./start.js");
    await checkPorts(options);
    const own = servedFilters(projectRoot, options.filters).filter((r) => r.origin === "project").map((r) => r.name);
    if (own.length) {
        const { buildAll } = await import("../build/index.js");
        await buildAll({ projectRoot, only: own });
    }
    return start({ ...options, projectRoot });
}
