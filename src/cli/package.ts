// `envoy-as package [filter…] [--version V] [--source URL] [--out DIR]`
// Writes build/oci/<filter>/: an OCI image layout with the compat and Wasm-artifact variants.
import { relative } from "node:path";
import { projectFilters } from "../build/catalog.ts";
import { findProjectRoot } from "../paths.ts";
import { flag, parseArgs } from "./args.ts";
import { packageFilter } from "../package/package.ts";

export const PACKAGE_USAGE = `usage: envoy-as package [filter…] [--version V] [--source URL] [--out DIR]
  Packages build/<filter>.wasm (run envoy-as build first) as an OCI image layout in build/oci/<filter>/
  with two images: "compat" (tar+gzip layer holding plugin.wasm; docker/podman/any registry) and
  "wasm" (Wasm artifact: runtime config + raw module layers). Same input → same digests.
  Default: every filter in assembly/filters; a shipped filter (auth, header-rewrite, rate-limit) by name.
  --out only with a single filter.`;

export async function packageCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ["version", "source", "out"], ["help"]);
  } catch (err) {
    console.error(`${(err as Error).message}\n${PACKAGE_USAGE}`);
    return 2;
  }
  if (flag(parsed, "help")) return console.log(PACKAGE_USAGE), 0;
  const root = findProjectRoot();
  const names = parsed.positional.length
    ? parsed.positional
    : projectFilters(root).map((f) => f.name);
  if (flag(parsed, "out") && names.length !== 1) {
    console.error("--out needs exactly one filter");
    return 2;
  }
  let failed = 0;
  for (const name of names) {
    try {
      const r = packageFilter(name, { root, outDir: flag(parsed, "out"), version: flag(parsed, "version"), source: flag(parsed, "source") });
      console.log(`${name} → ${relative(root, r.dir) || r.dir}`);
      console.log(`  module   sha256:${r.moduleSha256}  (spec.sha256 for http/file URLs)`);
      for (const img of r.images) console.log(`  ${img.variant.padEnd(7)}  ${img.manifest.digest}  (spec.sha256 for oci:// URLs of this image)`);
    } catch (err) {
      console.error(`package ${name}: ${(err as Error).message}`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}
