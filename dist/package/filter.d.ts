import { type FilterSource } from "../build/filters.ts";
/** The filter `name` of the project at `root`, with its module built. Errors say how to fix. */
export declare function builtFilter(name: string, root?: string): FilterSource;
/** package.json's version and repository URL of the project at `root` (either may be undefined). */
export declare function projectMetadata(root?: string): {
    version?: string;
    source?: string;
};
