export interface FilterSource {
    /** The filter's key, e.g. "hello-world". */
    name: string;
    /** Folder holding index.ts. */
    dir: string;
    /** Entry file (index.ts). */
    entry: string;
    /** Output path of the release module; the debug module sits beside it as <name>.debug.wasm. */
    wasm: string;
    /** Sample configuration file, if the filter has one. */
    config?: string;
    /** JSON Schema of the configuration, if the filter has one. */
    schema?: string;
}
/** Where filters live, and where each group's modules go. */
export declare const FILTER_ROOTS: {
    dir: string;
    out: string;
}[];
/** Lists every filter under the project's filter roots, sorted by name. */
export declare function findFilters(projectRoot: string): FilterSource[];
/** The debug module's path for a release module path. */
export declare function debugPath(wasm: string): string;
/** A path relative to the project, for messages. */
export declare function shown(projectRoot: string, path: string): string;
