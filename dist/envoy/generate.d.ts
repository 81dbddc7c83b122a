import { type BootstrapOptions } from "./config.ts";
/** Where docker-compose.yml mounts ./build and ./envoy inside the Envoy container. */
export declare const CONTAINER_BUILD_DIR = "/build";
export declare const CONTAINER_ENVOY_DIR = "/envoy";
/** Ports inside the containers (compose publishes them on 127.0.0.1). */
export declare const CONTAINER_LISTENER_PORT = 10000;
export declare const CONTAINER_ADMIN_PORT = 9901;
export declare const CONTAINER_UPSTREAM_HOST = "upstream";
export declare const CONTAINER_UPSTREAM_PORT = 8081;
/** A filter's plugin configuration: assembly/filters/<name>/config.json if present, else `fallback`. */
export declare function filterConfiguration(name: string, fallback?: unknown, root?: string): unknown;
/** Options of the demo bootstrap; `buildDir` is where Envoy finds hello-world.wasm. */
export declare function demoOptions(buildDir?: string): BootstrapOptions;
/** Every generated file: path relative to the package root → content. */
export declare function renderShipped(): Promise<Map<string, string>>;
/** Paths (relative) whose content differs from what would be generated. */
export declare function staleShipped(root?: string): Promise<string[]>;
