import { type ImportArea } from "./registry.ts";
/** WASI errno values used here. */
export declare const Errno: {
    readonly Success: 0;
    readonly Badf: 8;
    readonly Fault: 21;
    readonly Inval: 28;
    readonly Noent: 44;
    readonly Nosys: 52;
    readonly Notsup: 58;
};
export declare const wasiArea: ImportArea;
