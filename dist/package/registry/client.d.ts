import { type Credentials } from "./auth.ts";
import type { ImageRef } from "./reference.ts";
export declare class RegistryClient {
    readonly ref: ImageRef;
    private readonly creds?;
    private readonly timeoutMs;
    private authorization?;
    private authorizedFor?;
    constructor(ref: ImageRef, creds?: Credentials | undefined, timeoutMs?: number);
    private url;
    private send;
    private authenticate;
    /** Whether the repository already has blob `digest`. */
    blobExists(digest: string): Promise<boolean>;
    /** Monolithic upload: POST to start a session, PUT the bytes with ?digest=. */
    uploadBlob(digest: string, data: Buffer): Promise<void>;
    /** PUT a manifest under `reference` (tag or digest); returns the digest the registry reports. */
    putManifest(reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined>;
    /** GET a manifest; `accept` lists the media types we understand. */
    getManifest(reference: string, accept: string[]): Promise<{
        bytes: Buffer;
        mediaType: string;
        digest?: string;
    }>;
    /** GET a blob and verify it against its digest. */
    getBlob(digest: string): Promise<Buffer>;
}
