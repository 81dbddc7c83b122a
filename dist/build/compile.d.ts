import type { FilterSource } from "./filters.ts";
export type Target = "release" | "debug";
export interface CompileResult {
    ok: boolean;
    /** asc's diagnostics (errors and warnings), as asc prints them. */
    diagnostics: string;
    outFile: string;
    /** Every file the compile read, with its contents (for the build cache). */
    contents: Map<string, string>;
    /** The effective asc configuration it ran with. */
    configText: string;
    millis: number;
}
/** Compiles `filter` for `target`, writing build/<name>.wasm or build/<name>.debug.wasm (+ .map). */
export declare function compileFilter(projectRoot: string, filter: FilterSource, target: Target): Promise<CompileResult>;
