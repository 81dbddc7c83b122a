/** The package name filters import the SDK by. */
export declare const SDK_PACKAGE = "envoy-as";
/** Options every module gets, whatever the project's asconfig.json says. */
export declare const SDK_ASC_OPTIONS: {
    readonly runtime: "minimal";
    readonly exportStart: "_initialize";
    readonly use: readonly ["abort=~lib/envoy-as/sdk/runtime/abort/abort", "trace=~lib/envoy-as/sdk/runtime/abort/trace", "seed=~lib/envoy-as/sdk/runtime/abort/seed"];
};
interface AsConfig {
    targets?: Record<string, Record<string, unknown>>;
    options?: Record<string, unknown>;
    [key: string]: unknown;
}
/** Reads the project's asconfig.json; errors name the file and the fix. */
export declare function readProjectAsconfig(projectRoot: string): AsConfig;
/** A project asconfig.json that cannot be used. */
export declare class AscConfigError extends Error {
    name: string;
}
/**
 * The project's asconfig.json with the SDK's options applied over its own, plus `extraTargets`
 * (e.g. the dev loop's unoptimized target). The project's other `use` aliases are kept.
 */
export declare function effectiveConfigText(projectRoot: string, extraTargets?: Record<string, Record<string, unknown>>): string;
/** Where a read of `<…>/node_modules/envoy-as/<rest>` is served from, or undefined for other paths. */
export declare function packagePath(path: string): string | undefined;
export interface AscRun {
    /** Project root: asc's base directory; asconfig.json is read from here. */
    projectRoot: string;
    /** Entry file (absolute). */
    entry: string;
    /** Target of asconfig.json (or of extraTargets). */
    target: string;
    /** Targets added to the project's (e.g. the dev loop's). */
    extraTargets?: Record<string, Record<string, unknown>>;
    /** Further command-line options (they take precedence over the configuration). */
    args?: string[];
    /** Also produce a source map (debug builds). */
    sourceMap?: boolean;
    /** File name of the module, as the source map and its URL name it. Default "module.wasm". */
    outName?: string;
}
export interface AscResult {
    ok: boolean;
    /** The module, when ok. */
    binary?: Uint8Array;
    /** The source map text, when asked for and ok. */
    sourceMap?: string;
    /** asc's diagnostics (errors and warnings) as it prints them. */
    diagnostics: string;
    /** Absolute paths of the files the compile read (the entry, the SDK, the project's own), sorted. */
    deps: string[];
    /** Contents of `deps` as read (same order). */
    contents: Map<string, string>;
    /** The effective configuration served to asc. */
    configText: string;
    millis: number;
    /** asc's own split of the time, in ms. */
    phases: {
        parse: number;
        compile: number;
        optimize: number;
        emit: number;
    };
}
/** Compiles one entry in memory; never writes files. Throws only for an unusable asconfig.json. */
export declare function runAsc(o: AscRun): Promise<AscResult>;
/** Paths a filter can import from the package (for the hint on an import that does not resolve). */
export declare const PACKAGE_IMPORTS: string[];
/** asc's diagnostics plus one line of advice for an SDK import that did not resolve. */
export declare function explainDiagnostics(diagnostics: string): string;
export {};
