#!/usr/bin/env node
// `npm create envoy-as@latest <dir> [--filter NAME]`: writes a new filter project into <dir>
// using the scaffolding of the envoy-as package this one depends on (one set of templates,
// shared with `envoy-as init`). It installs nothing: the next step is `npm install`.
import { resolve } from "node:path";
import { parseArgs } from "node:util";

const USAGE = `usage: npm create envoy-as@latest <dir> [-- --filter NAME]
  Creates <dir> with package.json (build/start/test scripts), asconfig.json, .gitignore, README.md and a
  first filter assembly/filters/<NAME>/ (default my-filter) with its emulator test, then:
    cd <dir> && npm install && npm test && npm start
  --filter NAME      the first filter's name (lower-case kebab case)
  --envoy-as SPEC    the envoy-as dependency to write (default: ^<this version>; e.g. a tarball path)`;

let args;
try {
  args = parseArgs({
    options: { filter: { type: "string" }, "envoy-as": { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
    strict: true,
  });
} catch (err) {
  console.error(`create-envoy-as: ${err.message.split("\n")[0]}\n${USAGE}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length !== 1) {
  console.error(`create-envoy-as: name the folder to create\n${USAGE}`);
  process.exit(2);
}
const dir = resolve(args.positionals[0]);
const { scaffoldProject, InitError } = await import("envoy-as/toolchain");
try {
  const files = scaffoldProject(dir, { filter: args.values.filter, envoyAs: args.values["envoy-as"] });
  console.log(`created ${args.positionals[0]}/:\n${files.map((f) => `  ${f}`).join("\n")}\n`);
  console.log(`next:\n  cd ${args.positionals[0]}\n  npm install\n  npm test     # build the filter, run its emulator test\n  npm start    # Envoy 1.40 with the filter in front of a demo upstream; save to hot-reload`);
} catch (err) {
  if (!(err instanceof InitError)) throw err;
  console.error(`create-envoy-as: ${err.message}`);
  process.exit(1);
}
