// `envoy-as start` (npm start): build every filter, then serve them through Envoy.
import { buildCommand } from "./build.ts";

export async function startCommand(args: string[]): Promise<number> {
  const built = await buildCommand([]);
  if (built !== 0) return built;
  const { start } = await import("./start.ts");
  return (await start(args)) ?? 0;
}
