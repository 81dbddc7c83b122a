// Locating a built filter and the project metadata that goes into image annotations.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { lookupFilter } from "../build/catalog.js";
/**
 * The filter `name` with its module built: the project's own (build/<name>.wasm), else the one
 * shipped prebuilt with envoy-as. Errors name the filter and say how to fix.
 */
export function builtFilter(name, root = process.cwd()) {
    const filter = lookupFilter(root, name);
    if (!existsSync(filter.wasm)) {
        throw new Error(`${relative(root, filter.wasm)} is missing: build it first with \`envoy-as build ${name}\``);
    }
    return filter;
}
/** package.json's version and repository URL of the project at `root` (either may be undefined). */
export function projectMetadata(root = process.cwd()) {
    const file = join(root, "package.json");
    let version;
    let source;
    if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8"));
        version = pkg.version;
        source = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
    }
    if (!source) {
        try {
            source = execFileSync("git", ["config", "--get", "remote.origin.url"], { cwd: root, encoding: "utf8" }).trim() || undefined;
        }
        catch {
            /* not a git checkout, or no origin */
        }
    }
    return { version, source: source?.replace(/^git\+/, "") };
}
