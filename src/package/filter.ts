// Locating a built filter and the project metadata that goes into image annotations.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { lookupFilter, type FilterRef } from "../build/catalog.ts";
import { publicSourceUrl } from "./source-url.ts";

/**
 * The filter `name` with its module built: the project's own (build/<name>.wasm), else the one
 * shipped prebuilt with envoy-as. Errors name the filter and say how to fix.
 */
export function builtFilter(name: string, root = process.cwd()): FilterRef {
  const filter = lookupFilter(root, name);
  if (!existsSync(filter.wasm)) {
    throw new Error(`${relative(root, filter.wasm)} is missing: build it first with \`envoy-as build ${name}\``);
  }
  return filter;
}

/**
 * package.json's version and repository URL of the project at `root` (either may be undefined).
 * The URL is the git remote's when package.json has none, and is always reduced to its public part
 * (publicSourceUrl): no credentials, no ssh scp-like remote, no local path ever reaches an image.
 */
export function projectMetadata(root = process.cwd()): { version?: string; source?: string } {
  const file = join(root, "package.json");
  let version: string | undefined;
  let source: string | undefined;
  if (existsSync(file)) {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { version?: string; repository?: string | { url?: string } };
    version = pkg.version;
    source = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  }
  if (!source) {
    try {
      source = execFileSync("git", ["config", "--get", "remote.origin.url"], { cwd: root, encoding: "utf8" }).trim() || undefined;
    } catch {
      /* not a git checkout, or no origin */
    }
  }
  return { version, source: publicSourceUrl(source) };
}
