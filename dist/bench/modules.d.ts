export type Runtime = "minimal" | "incremental" | "stub";
export declare const RUNTIMES: Runtime[];
export type ModuleKind = "ours" | "product" | "peer";
export interface BenchModule {
    /** Variant key, e.g. "add-header", "add-header@incremental", "solo/add-header". */
    key: string;
    /** What it is, for tables. */
    label: string;
    kind: ModuleKind;
    /** The filter's work, to pair it with Envoy's native equivalent. */
    work: "add-header" | "hello-world" | "header-rewrite" | "rate-limit" | "auth";
    runtime?: Runtime;
    wasm: string;
    bytes: number;
    rootId: string;
    /** Plugin configuration string given to Envoy and the emulator. */
    configuration: string;
}
export interface Skipped {
    key: string;
    reason: string;
}
export interface ModuleSet {
    modules: BenchModule[];
    skipped: Skipped[];
}
/** The plugin configuration each product filter gets in the bench, equivalent to the native filter's. */
export interface ProductConfigs {
    /** JWKS (JSON text) the auth filter and jwt_authn both trust. */
    jwks: string;
    issuer: string;
    audience: string;
}
/**
 * Our product filters' bench configurations. These filters are written by others and their
 * configuration schemas may change: a configuration that does not match the filter's
 * schema.json is reported as a skip naming the schema's complaint, never silently used.
 */
export declare function productConfig(name: string, p: ProductConfigs): unknown;
export declare const PRODUCT_FILTERS: readonly ["hello-world", "header-rewrite", "rate-limit", "auth"];
export interface ModuleOptions {
    projectRoot: string;
    /** Which of our add-header runtime variants to build. */
    runtimes: Runtime[];
    /** Product filters to include (when present). */
    products: readonly string[];
    peers: boolean;
    product: ProductConfigs;
    log: (s: string) => void;
}
/** Builds (or finds, cached) every module the run needs. */
export declare function collectModules(o: ModuleOptions): Promise<ModuleSet>;
