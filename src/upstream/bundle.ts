// The echo upstream as one dependency-free ES module for containers: src/upstream/echo.ts bundled
// with esbuild (it comes with tsx) to build/upstream/echo.mjs. scripts/containers.sh runs this and
// copies the file into the upstream image; docker-compose.yml mounts build/upstream at /app.
// A build output, not a checked-in copy: echo.ts is the one source.
//
//   npx tsx src/upstream/bundle.ts [OUT]     write it (default build/upstream/echo.mjs), print its path
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PACKAGE_ROOT } from "../paths.ts";

/** Where the bundle goes by default. */
export const ECHO_BUNDLE = join(PACKAGE_ROOT, "build", "upstream", "echo.mjs");

/** src/upstream/echo.ts and what it imports, bundled to the text of one ES module for Node 20. */
export async function bundleEcho(): Promise<string> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(PACKAGE_ROOT, "src/upstream/echo.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    legalComments: "none",
    banner: { js: "// Built from src/upstream/echo.ts by src/upstream/bundle.ts — do not edit." },
  });
  return result.outputFiles[0]!.text;
}

/** Writes the bundle to `out` (default ECHO_BUNDLE) and returns its path. */
export async function writeEchoBundle(out = ECHO_BUNDLE): Promise<string> {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await bundleEcho());
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await writeEchoBundle(process.argv[2] ? resolve(process.argv[2]) : undefined));
}
