import { type FilterRef } from "../build/catalog.ts";
/**
 * The filter `name` with its module built: the project's own (build/<name>.wasm), else the one
 * shipped prebuilt with envoy-as. Errors name the filter and say how to fix.
 */
export declare function builtFilter(name: string, root?: string): FilterRef;
/** package.json's version and repository URL of the project at `root` (either may be undefined). */
export declare function projectMetadata(root?: string): {
    version?: string;
    source?: string;
};
