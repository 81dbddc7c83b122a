/** Fixed metadata of every entry: same input → same bytes → same digest. */
export declare const TAR_MTIME = 0;
export interface TarFile {
    name: string;
    data: Uint8Array;
    /** Seconds since the epoch; default TAR_MTIME. */
    mtime?: number;
}
/** A complete tar archive holding `files`, in the given order. */
export declare function tar(files: TarFile[]): Buffer;
/** Read back the regular files of a ustar archive (used by tests and `push` sanity checks). */
export declare function untar(archive: Uint8Array): TarFile[];
