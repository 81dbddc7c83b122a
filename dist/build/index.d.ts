import { BuildCache } from "./cache.ts";
import { type FilterSource } from "./filters.ts";
export declare class BuildError extends Error {
    constructor(message: string);
}
export interface BuiltFilter {
    name: string;
    wasm: string;
    debugWasm: string;
    bytes: number;
    debugBytes: number;
    imports: string[];
    /** "0.2.1" etc. */
    abi: string | undefined;
    cached: boolean;
    millis: number;
    source: FilterSource;
}
export interface BuildOptions {
    projectRoot?: string;
    /** Only these filters (by name). */
    only?: string[];
    /** Ignore the cache and recompile. */
    force?: boolean;
    /** Print progress and the size table (default true). */
    log?: (line: string) => void;
}
/** Validates a filter's sample configuration against its schema, if it has both. */
export declare function checkSampleConfig(projectRoot: string, filter: FilterSource): void;
/** Builds one filter (both targets) unless its inputs are unchanged. */
export declare function buildFilter(projectRoot: string, filter: FilterSource, cache: BuildCache, force?: boolean): Promise<BuiltFilter>;
/** Formats the size table printed after a build. */
export declare function sizeTable(projectRoot: string, built: BuiltFilter[]): string;
/** Builds every filter (or `only` some); prints a size table; throws BuildError on the first failure. */
export declare function buildAll(options?: BuildOptions): Promise<BuiltFilter[]>;
