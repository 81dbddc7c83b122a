// The envoy-as command line: one file per command, dispatched here.
import { buildCommand } from "./build.js";
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
const commands = {
    build: async () => buildCommand,
    start: async () => (await import("./start-command.js")).startCommand,
    validate: async () => (await import("./validate.js")).validateCommand,
    init: async () => (await import("./init.js")).initCommand,
    reload: async () => (await import("./reload.js")).reloadCommand,
    package: async () => (await import("./package.js")).packageCommand,
    push: async () => (await import("./push.js")).pushCommand,
    istio: async () => (await import("./istio.js")).istioCommand,
    serve: async () => (await import("./serve.js")).serveCommand,
    bench: async () => (await import("./bench.js")).benchCommand,
};
async function main(argv) {
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
