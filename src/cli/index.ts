// The envoy-as command line: one file per command, dispatched here.
import { buildCommand } from "./build.ts";

const USAGE = `usage: envoy-as <command> [options]

commands:
  build [filter…] [--force]   compile filters to build/<name>.wasm (+ .debug.wasm), check imports, print sizes
  start                       build, then run Envoy with the filters in front of a demo upstream
  validate <filter> <file>    check a configuration file against the filter's schema
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => buildCommand,
  start: async () => (await import("./start-command.ts")).startCommand,
  validate: async () => (await import("./validate.ts")).validateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(args);
}

process.exitCode = await main(process.argv.slice(2));
