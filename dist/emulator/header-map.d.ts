/**
 * In-place operations on a header map held by the host, with Envoy's conventions: keys are
 * lower-cased and pseudo-headers (`:path`, `:status`, …) stay ahead of regular headers.
 */
import type { Pairs } from "./abi/pairs.ts";
/** Header input accepted by the public API. */
export type HeadersInit = Record<string, string> | ReadonlyArray<readonly [string, string]>;
/** Converts user input to pairs with lower-cased keys (pseudo-headers first, like Envoy). */
export declare function toPairs(init: HeadersInit | undefined): Pairs;
/** Appends a value (duplicates allowed); pseudo-headers go after the last pseudo-header. */
export declare function addHeader(map: Pairs, key: string, value: string): void;
/** Removes every value of `key` (case-insensitive). */
export declare function removeHeader(map: Pairs, key: string): void;
/** Envoy's setCopy: removes all values of `key`, then adds the new one. */
export declare function replaceHeader(map: Pairs, key: string, value: string): void;
/** Replaces the whole map's contents in place. */
export declare function setAllHeaders(map: Pairs, pairs: Pairs): void;
/** First value of `key` (case-insensitive), or undefined. */
export declare function getHeader(map: Pairs | undefined, key: string): string | undefined;
/** Envoy's HeaderMap::byteSize(): the sum of key and value byte lengths. */
export declare function headerBytes(map: Pairs): number;
