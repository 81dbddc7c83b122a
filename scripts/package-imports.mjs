#!/usr/bin/env node
// Rewrites relative imports of the SDK, the libraries and the compat facades in filter sources
// to the package name a user writes ("envoy-as", "envoy-as/lib/regex", …), so this repository's
// own filters compile exactly as a user's do. `--check` only reports files that still use a
// relative path (CI runs it). Usage: node scripts/package-imports.mjs [--check]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, dirname, sep } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const ASSEMBLY = join(ROOT, "assembly");
const TREES = ["assembly/filters", "test/fixtures/filters", "bench/filters"];
const check = process.argv.includes("--check");

function* files(dir) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (e.endsWith(".ts")) yield p;
  }
}

/** "envoy-as[/<path>]" for a relative specifier that points into assembly/{sdk,lib,compat}, else null. */
function packageSpecifier(file, spec) {
  if (!spec.startsWith(".")) return null;
  const target = resolve(dirname(file), spec);
  const rel = relative(ASSEMBLY, target).split(sep).join("/");
  if (!/^(sdk|lib|compat)(\/|$)/.test(rel)) return null;
  if (rel === "sdk" || rel === "sdk/index") return "envoy-as";
  return `envoy-as/${rel.replace(/\/index$/, "")}`;
}

let stale = 0;
for (const tree of TREES) {
  for (const file of files(join(ROOT, tree))) {
    const text = readFileSync(file, "utf8");
    const next = text.replace(/(\bfrom\s+|\bimport\s+)"([^"]+)"/g, (all, kw, spec) => {
      const p = packageSpecifier(file, spec);
      return p ? `${kw}"${p}"` : all;
    });
    if (next === text) continue;
    stale++;
    if (check) console.error(`${relative(ROOT, file)}: imports the SDK by a relative path; write "envoy-as/…" (node scripts/package-imports.mjs fixes it)`);
    else writeFileSync(file, next);
  }
}
if (check && stale) process.exit(1);
if (!check) console.log(`rewrote ${stale} file(s)`);
