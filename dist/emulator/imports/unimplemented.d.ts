import type { Signature } from "../abi/module-info.ts";
import { type ImportArea } from "./registry.ts";
/** Not-yet-emulated `env` imports and their cpp-host signatures. */
export declare const UNIMPLEMENTED_IMPORTS: Readonly<Record<string, Signature>>;
export declare const unimplementedArea: ImportArea;
