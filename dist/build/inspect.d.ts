export interface ModuleReport {
    imports: string[];
    exports: string[];
    abi: string | undefined;
    problems: string[];
}
/** True if Envoy provides this import. */
export declare function isAllowedImport(module: string, name: string): boolean;
/** Inspects `bytes` (a .wasm) and lists every reason Envoy would refuse it; `file` names it in messages. */
export declare function inspectModule(bytes: Uint8Array, file: string): ModuleReport;
