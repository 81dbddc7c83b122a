/**
 * Reads function signatures of a module's imports and exports straight from the binary.
 *
 * Node's WebAssembly JS API does not expose import/export types (the type-reflection proposal
 * is off by default), but cpp-host checks every signature at load time ("Bad function signature
 * for: X"), so the emulator parses the type, import, function and export sections itself.
 */
/**
 * A function signature written as `params:results`, one letter per value type:
 * `i` i32, `I` i64, `f` f32, `F` f64, `v` v128, `r` a reference. E.g. `iii:i`, `iI:i`, `:`.
 */
export type Signature = string;
/** One function, memory, table or global import as declared by the module. */
export interface ImportInfo {
    module: string;
    name: string;
    kind: "function" | "table" | "memory" | "global";
    /** Set for function imports. */
    signature?: Signature;
}
/** What the emulator needs to know about a module before instantiating it. */
export interface ModuleInfo {
    imports: ImportInfo[];
    /** Exported functions by name → signature. */
    functionExports: Map<string, Signature>;
}
/** Parses the sections of a wasm binary; throws an Error describing the first malformation. */
export declare function readModuleInfo(bytes: Uint8Array): ModuleInfo;
