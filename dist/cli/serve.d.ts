export declare const SERVE_USAGE = "usage: envoy-as serve [--dir build] [--host 127.0.0.1] [--port 8088]\n  Serves the .wasm files of --dir at http://HOST:PORT/<name>.wasm (GET/HEAD, sha256 in x-content-sha256).\n  Ctrl-C stops it.";
export declare function serveCommand(args: string[]): Promise<number>;
