// The envoy-as command line: one file per command, dispatched here.
import { buildCommand } from "./build.ts";

const USAGE = `usage: envoy-as <command> [options]

commands:
  build [filter…] [--force]   compile filters to build/<name>.wasm (+ .debug.wasm), check imports, print sizes
  start                       build, then run Envoy with the filters in front of a demo upstream
  validate <filter> <file>    check a configuration file against the filter's schema
  init <name>                 scaffold assembly/filters/<name>/ and test/filters/<name>.test.ts
  reload [filter…] [--force]  hot-reload filters into the running \`start\` now (it also reloads on save)
  package [filter…]           OCI image layout (compat + wasm variants) in build/oci/<filter>/
  push <filter> <host/repo:tag> [--variant compat|wasm] [--username U --password-stdin]
  istio <filter> --url URL    Istio WasmPlugin + Envoy Gateway EnvoyExtensionPolicy in build/deploy/<filter>/
  serve [--dir build] [--port 8088]   serve build/*.wasm over HTTP (for Envoy's remote code)
  bench [--quick | --smoke]   compare our filters with Envoy's native filters and other SDKs (ratios, same run)
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => buildCommand,
  start: async () => (await import("./start-command.ts")).startCommand,
  validate: async () => (await import("./validate.ts")).validateCommand,
  init: async () => (await import("./init.ts")).initCommand,
  reload: async () => (await import("./reload.ts")).reloadCommand,
  package: async () => (await import("./package.ts")).packageCommand,
  push: async () => (await import("./push.ts")).pushCommand,
  istio: async () => (await import("./istio.ts")).istioCommand,
  serve: async () => (await import("./serve.ts")).serveCommand,
  bench: async () => (await import("./bench.ts")).benchCommand,
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
