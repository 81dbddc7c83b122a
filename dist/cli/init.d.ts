export declare function initCommand(args: string[], projectRoot?: string): Promise<number>;
