/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export declare function main(argv: string[]): Promise<number>;
