export declare function reloadCommand(args: string[]): Promise<number>;
