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
