export declare function startCommand(args: string[]): Promise<number>;
