import { type ImportArea } from "./registry.ts";
export declare const contextArea: ImportArea;
