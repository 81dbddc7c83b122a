// `envoy-as start` (npm start): build every filter, then serve them through Envoy.
import { buildCommand } from "./build.js";
export async function startCommand(args) {
    const built = await buildCommand([]);
    if (built !== 0)
        return built;
    const { start } = await import("./start.js");
    return (await start(args)) ?? 0;
}
