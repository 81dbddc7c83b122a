export declare function benchCommand(args: string[]): Promise<number>;
