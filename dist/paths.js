// Where things are: the envoy-as package itself (SDK sources, shipped filters, templates), the
// user's project (the folder with package.json that `envoy-as` runs in), and the per-user cache
// (the Envoy binary, built once per machine and shared by every project).
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
/**
 * Root of the envoy-as package: the folder holding its package.json, whether this file runs as
 * TypeScript from a checkout (src/paths.ts) or as compiled JavaScript from node_modules
 * (dist/paths.js). Both sit one level below the root.
 */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The AssemblyScript side of the package: `import … from "envoy-as/<path>"` resolves under here. */
export const PACKAGE_ASSEMBLY = join(PACKAGE_ROOT, "assembly");
/** Raised for a folder that is not an envoy-as project; the message says how to make it one. */
export class ProjectError extends Error {
    name = "ProjectError";
}
/**
 * The project `envoy-as` works on: the nearest folder at or above `from` with a package.json.
 * Throws ProjectError when there is none.
 */
export function findProjectRoot(from = process.cwd()) {
    let dir = resolve(from);
    for (;;) {
        if (existsSync(join(dir, "package.json")))
            return dir;
        const up = dirname(dir);
        if (up === dir) {
            throw new ProjectError(`no package.json in ${resolve(from)} or above: run envoy-as inside a project (create one with \`npm create envoy-as@latest my-filters\`)`);
        }
        dir = up;
    }
}
/**
 * Checks that `root` can build filters (it has asconfig.json); returns `root`. Call before any
 * compile, so the user gets one line naming the file instead of asc's ENOENT.
 */
export function requireBuildableProject(root) {
    if (!existsSync(join(root, "asconfig.json"))) {
        throw new ProjectError(`${join(root, "asconfig.json")} is missing: envoy-as compiles filters with its targets. ` +
            `Create it with \`{"targets": {"release": {"optimizeLevel": 3, "shrinkLevel": 1}, "debug": {"debug": true}}}\` ` +
            `(a project from \`npm create envoy-as\` has one).`);
    }
    return root;
}
/** The per-user cache of envoy-as: $XDG_CACHE_HOME/envoy-as, else ~/.cache/envoy-as. */
export function userCacheDir() {
    const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
    return join(base, "envoy-as");
}
