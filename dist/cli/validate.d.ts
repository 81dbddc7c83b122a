export declare function validateCommand(args: string[]): Promise<number>;
