// The envoy-as command line: one file per command, loaded only when that command runs (so
// `--help` and usage errors answer at once), and one place that turns errors into one line.
import { UsageError } from "./args.ts";

const USAGE = `usage: envoy-as <command> [options]     (envoy-as <command> --help for its options)

commands:
  build [filter…]             compile the project's filters to build/<name>.wasm (+ .debug.wasm), check them
  start                       build, then run Envoy 1.40 with the filters in front of a demo upstream; hot reload
  validate <filter> <file>    check a configuration against the filter's schema and its onConfigure
  init <name>                 add a filter: assembly/filters/<name>/ and test/filters/<name>.test.ts
  reload [filter…]            hot-reload filters into the running \`start\` now (it also reloads on save)
  package [filter…]           OCI image layout (compat + wasm variants) in build/oci/<filter>/
  push <filter> <host/repo:tag>   push a packaged filter to an OCI registry
  istio <filter> --url URL    Istio WasmPlugin + Envoy Gateway EnvoyExtensionPolicy in build/deploy/<filter>/
  serve                       serve build/*.wasm over HTTP (for Envoy's remote code)

Shipped filters (prebuilt, configuration only): auth, header-rewrite, rate-limit,
e.g. envoy-as start --filter auth --config ./auth.json`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  build: async () => (await import("./build.ts")).buildCommand,
  start: async () => (await import("./start-command.ts")).startCommand,
  validate: async () => (await import("./validate.ts")).validateCommand,
  init: async () => (await import("./init.ts")).initCommand,
  reload: async () => (await import("./reload.ts")).reloadCommand,
  package: async () => (await import("./package.ts")).packageCommand,
  push: async () => (await import("./push.ts")).pushCommand,
  istio: async () => (await import("./istio.ts")).istioCommand,
  serve: async () => (await import("./serve.ts")).serveCommand,
};

/** Errors whose message is the whole story (a file, a flag, a filter name and the fix). */
const PLAIN = new Set(["UsageError", "ProjectError", "UnknownFilterError", "AscConfigError", "BuildError", "InitError", "ConfigFileError"]);

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    const { packageVersion } = await import("../build/catalog.ts");
    console.log(packageVersion());
    return 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`envoy-as: unknown command "${name}" (commands: ${Object.keys(commands).join(", ")}; envoy-as --help)`);
    return 2;
  }
  try {
    return await (await load())(args);
  } catch (err) {
    const e = err as Error;
    if (e instanceof UsageError) {
      console.error(`envoy-as ${name}: ${e.message}${e.usage ? `\n${e.usage}` : ""}`);
      return 2;
    }
    console.error(`envoy-as ${name}: ${e?.message ?? String(err)}`);
    if (!PLAIN.has(e?.name) && process.env.ENVOY_AS_DEBUG) console.error(e.stack);
    else if (!PLAIN.has(e?.name)) console.error("(set ENVOY_AS_DEBUG=1 for a stack trace)");
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
