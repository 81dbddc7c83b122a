/** The envoyproxy/ratelimit version (the module has no tags: a pseudo-version of main, 2026-01-22). */
export declare const RATELIMIT_VERSION = "v1.4.1-0.20260122083618-3fb702589d36";
export declare const RATELIMIT_MODULE = "github.com/envoyproxy/ratelimit/src/service_cmd";
/**
 * Machine-wide, outside any clone, so a fresh checkout (CI) reuses the binary built once on
 * this machine; ENVOY_AS_CACHE overrides.
 */
export declare const CACHE_DIR: string;
export declare const BINARY: string;
/** Why the service cannot run here (no Go, no redis-server), or undefined when it can. */
export declare function unavailableReason(): Promise<string | undefined>;
/** Builds the service binary once (cached); returns its path and how long the build took (0 if cached). */
export declare function ensureRatelimitBinary(log?: (line: string) => void): Promise<{
    path: string;
    buildMs: number;
}>;
export interface RedisServer {
    port: number;
    /** Runs one redis command through a raw RESP connection; resolves with the raw reply text. */
    command(...args: string[]): Promise<string>;
    stop(): Promise<void>;
}
/** A throw-away redis-server on 127.0.0.1 (no persistence). */
export declare function startRedis(): Promise<RedisServer>;
export interface RatelimitService {
    grpcPort: number;
    httpPort: number;
    redis: RedisServer;
    /** The service's log so far. */
    logs(): string;
    stop(): Promise<void>;
}
export interface RatelimitServiceOptions {
    /** The service's YAML configuration (domain + descriptors), written as config/config.yaml. */
    config: string;
    /** Extra environment (e.g. LOG_LEVEL=debug). */
    env?: Record<string, string>;
}
/** Starts redis-server and envoyproxy/ratelimit on 127.0.0.1; resolves when /healthcheck is OK. */
export declare function startRatelimitService(options: RatelimitServiceOptions): Promise<RatelimitService>;
