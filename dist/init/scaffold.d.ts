/** Lower-case kebab case: starts with a letter, words of [a-z0-9] joined by single dashes. */
export declare const FILTER_NAME: RegExp;
export declare class InitError extends Error {
    name: string;
}
/** Why `name` is not a valid filter name, or undefined when it is. */
export declare function invalidName(name: string): string | undefined;
/** "my-filter" → "MyFilter" (the template's class names). */
export declare function className(name: string): string;
/**
 * Writes the new filter's files under `projectRoot` and returns their paths (relative). Throws
 * InitError for an invalid name or when the filter folder or its test already exists.
 */
export declare function scaffoldFilter(projectRoot: string, name: string): string[];
/** What a new project is made with. */
export interface ProjectOptions {
    /** The first filter's name (default "my-filter"). */
    filter?: string;
    /** The envoy-as dependency (default "^<this version>"); e.g. a file: or tarball spec for tests. */
    envoyAs?: string;
}
/**
 * Creates a new filter project in `dir` (which must be empty or not exist): package.json with
 * build/start/test scripts, asconfig.json, .gitignore, README.md, assembly/tsconfig.json (editor
 * resolution of "envoy-as"), and a first filter with its test. Returns the files written
 * (relative). Throws InitError for a non-empty folder or a bad name. Nothing is installed.
 */
export declare function scaffoldProject(dir: string, o?: ProjectOptions): string[];
