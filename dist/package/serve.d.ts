export interface WasmServer {
    /** Base URL, e.g. http://127.0.0.1:8088 */
    url: string;
    port: number;
    /** Requests served so far, "GET /hello-world.wasm 200" each. */
    requests: string[];
    close(): Promise<void>;
}
export interface ServeOptions {
    /** Directory holding the .wasm files. */
    dir: string;
    /** Bind address; default 127.0.0.1. */
    host?: string;
    /** Port; default 0 (ephemeral). */
    port?: number;
    /** Called once per request with a log line. */
    log?: (line: string) => void;
}
/** Resolve a request path to a .wasm file inside `root`, or undefined (no traversal, no other files). */
export declare function wasmFileFor(root: string, urlPath: string): string | undefined;
/** Start serving `dir`. Resolves once listening. */
export declare function serveWasm(opts: ServeOptions): Promise<WasmServer>;
