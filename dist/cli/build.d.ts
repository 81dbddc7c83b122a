export declare function buildCommand(args: string[]): Promise<number>;
