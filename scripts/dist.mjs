#!/usr/bin/env node
// Builds what the npm package ships beside the AssemblyScript sources (npm run dist; prepack):
//   dist/**/*.js + .d.ts        the Node side, compiled by tsc (tsconfig.dist.json)
//   dist/init/templates/        the scaffolding templates `init` and create-envoy-as copy
//   dist/filters/<name>/        the first-party filters, prebuilt: <name>.wasm (release),
//                               schema.json, config.json, README.md
// The filters are compiled with the freshly compiled CLI, so the packaged toolchain is exercised
// before it is packed.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FIRST_PARTY = ["auth", "header-rewrite", "rate-limit"];
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });

rmSync(join(ROOT, "dist"), { recursive: true, force: true });
run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.dist.json"]);
cpSync(join(ROOT, "src/init/templates"), join(ROOT, "dist/init/templates"), { recursive: true });
run(process.execPath, [join(ROOT, "dist/cli/index.js"), "build", ...FIRST_PARTY]);
for (const name of FIRST_PARTY) {
  const out = join(ROOT, "dist/filters", name);
  mkdirSync(out, { recursive: true });
  cpSync(join(ROOT, "build", `${name}.wasm`), join(out, `${name}.wasm`));
  for (const f of ["schema.json", "config.json", "README.md"]) {
    const src = join(ROOT, "assembly/filters", name, f);
    if (existsSync(src)) cpSync(src, join(out, f));
  }
}
console.log(`dist/: Node toolchain (JavaScript + .d.ts), templates, prebuilt ${FIRST_PARTY.join(", ")}`);
