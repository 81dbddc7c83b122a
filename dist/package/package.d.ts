import { type Image } from "./image.ts";
export interface PackageOptions {
    /** Project root (filters, build/, package.json). Default process.cwd(). */
    root?: string;
    /** Output layout directory. Default <root>/build/oci/<name>. */
    outDir?: string;
    /** Image version annotation. Default package.json version, else "0.0.0". */
    version?: string;
    /** Source repository annotation. Default package.json repository, else git remote origin. */
    source?: string;
    /** Root ids for the wasm runtime config. Default [name]. */
    rootIds?: string[];
}
export interface PackageResult {
    name: string;
    dir: string;
    /** sha256 (hex) of the module itself: what http(s)/file URLs are verified against. */
    moduleSha256: string;
    images: Image[];
}
/** Default layout directory of a filter. */
export declare function layoutDir(name: string, root?: string): string;
/** Package one built filter as an OCI image layout holding the compat and wasm-artifact variants. */
export declare function packageFilter(name: string, opts?: PackageOptions): PackageResult;
