export interface ParsedArgs {
    positional: string[];
    flags: Map<string, string[]>;
}
/** Parse `args`; `booleans` are flags that take no value. Unknown flags are errors naming the flag. */
export declare function parseArgs(args: string[], known: readonly string[], booleans?: readonly string[]): ParsedArgs;
/** Last value of a flag. */
export declare function flag(p: ParsedArgs, name: string): string | undefined;
/** All values of a repeatable flag. */
export declare function flags(p: ParsedArgs, name: string): string[];
