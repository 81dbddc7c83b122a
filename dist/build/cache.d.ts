/** Hash of the files a compile read, as they are now, with the configuration (undefined if one is gone). */
export declare function hashInputs(deps: string[], configText: string, extra?: string): string | undefined;
/** The same hash from the contents a compile read (no second read of the files). */
export declare function hashContents(contents: Map<string, string>, configText: string, extra?: string): string;
/** The per-output record of what each module was built from. */
export declare class BuildCache {
    private readonly file;
    private entries;
    constructor(file: string);
    /** True if `output` exists and every input it was built from is unchanged. */
    fresh(output: string, configText: string, extra?: string): boolean;
    /** Records that `output` was built from `contents` (as returned by runAsc). */
    record(output: string, contents: Map<string, string>, configText: string, extra?: string): void;
    /** True if `output` exists and was recorded under `key` (for modules not built by asc: other SDKs' peers). */
    freshKey(output: string, key: string): boolean;
    /** Records `output` under a key its builder computed itself. */
    recordKey(output: string, key: string): void;
    save(): void;
}
