/** The distribution API's error body: {"errors":[{"code","message","detail"}]}. */
export interface RegistryErrorBody {
    errors?: {
        code?: string;
        message?: string;
        detail?: unknown;
    }[];
}
export declare class RegistryError extends Error {
    readonly status: number;
    readonly body: string;
    constructor(message: string, status: number, body: string);
    /** Error codes from the registry's JSON body (e.g. MANIFEST_INVALID), if any. */
    get codes(): string[];
}
export declare const CREDENTIALS_HINT: string;
/** Build the error for a failed request: 401/403, 404 and manifest/media-type rejections get specific advice. */
export declare function registryError(opts: {
    registry: string;
    repository: string;
    what: string;
    status: number;
    body: string;
    hadCredentials: boolean;
}): RegistryError;
