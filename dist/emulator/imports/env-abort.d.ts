import type { GuestMemory } from "../memory.ts";
import { type ImportArea } from "./registry.ts";
/**
 * Reads an AssemblyScript string: UTF-16LE code units, byte length in the u32 before the
 * pointer (the managed object header layout used by @assemblyscript/loader). 0 reads as "".
 */
export declare function readAsString(memory: GuestMemory, ptr: number): string;
export declare const envAbortArea: ImportArea;
