import { type Descriptor } from "./digest.ts";
import type { Image } from "./image.ts";
import { type Variant } from "./media-types.ts";
export interface LayoutManifest {
    variant: Variant;
    descriptor: Descriptor;
}
/** Write `images` as a fresh OCI layout in `dir` (previous content is replaced). Returns index.json's descriptor. */
export declare function writeLayout(dir: string, images: Image[]): Descriptor;
/** The manifests listed in a layout's index.json, by variant. Errors name the file and the fix. */
export declare function readLayoutIndex(dir: string): LayoutManifest[];
/** A blob from the layout, verified against its digest. */
export declare function readBlob(dir: string, digest: string): Buffer;
/** One variant's manifest and all its blobs, read back from a layout and verified. */
export declare function readImage(dir: string, variant: Variant): Image;
