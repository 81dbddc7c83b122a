import { type ImportArea } from "./registry.ts";
export declare const propertiesArea: ImportArea;
