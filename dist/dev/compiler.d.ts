import type { FilterSource } from "../build/filters.ts";
export { hashInputs } from "../build/cache.ts";
/** The optimization settings of dev builds. */
export interface DevOptimize {
    /** asc --optimizeLevel, 0-3. Default 0. */
    optimizeLevel?: number;
    /** asc --shrinkLevel, 0-2. Default 0. */
    shrinkLevel?: number;
}
export interface DevCompileResult {
    ok: boolean;
    /** The module, when ok. */
    binary?: Uint8Array;
    /** asc's diagnostics (errors and warnings) as it prints them. */
    diagnostics: string;
    /** Absolute paths of the files the compile read (entry, SDK, lib, ...). */
    deps: string[];
    /** Hash of the inputs: every file read (path + content), the effective configuration, asc version. */
    inputHash: string;
    millis: number;
    /** asc's own split of the time, in ms. */
    phases: {
        parse: number;
        compile: number;
        optimize: number;
        emit: number;
    };
}
/** The effective configuration of dev builds (the project's asconfig.json + SDK options + the dev target). */
export declare function devConfigText(projectRoot: string, o?: DevOptimize): string;
/** Compiles `filter` with the dev settings; never writes files. */
export declare function compileDev(projectRoot: string, filter: FilterSource, o?: DevOptimize): Promise<DevCompileResult>;
