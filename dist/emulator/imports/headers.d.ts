import { type ImportArea } from "./registry.ts";
export declare const headersArea: ImportArea;
