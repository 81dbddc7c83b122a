/**
 * Root of the envoy-as package: the folder holding its package.json, whether this file runs as
 * TypeScript from a checkout (src/paths.ts) or as compiled JavaScript from node_modules
 * (dist/paths.js). Both sit one level below the root.
 */
export declare const PACKAGE_ROOT: string;
/** The AssemblyScript side of the package: `import … from "envoy-as/<path>"` resolves under here. */
export declare const PACKAGE_ASSEMBLY: string;
/** Raised for a folder that is not an envoy-as project; the message says how to make it one. */
export declare class ProjectError extends Error {
    name: string;
}
/**
 * The project `envoy-as` works on: the nearest folder at or above `from` with a package.json.
 * Throws ProjectError when there is none.
 */
export declare function findProjectRoot(from?: string): string;
/**
 * Checks that `root` can build filters (it has asconfig.json); returns `root`. Call before any
 * compile, so the user gets one line naming the file instead of asc's ENOENT.
 */
export declare function requireBuildableProject(root: string): string;
/** The per-user cache of envoy-as: $XDG_CACHE_HOME/envoy-as, else ~/.cache/envoy-as. */
export declare function userCacheDir(): string;
