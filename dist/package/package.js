// `package`: build/<name>.wasm → build/oci/<name>/ (an OCI image layout with both Wasm variants).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./digest.js";
import { builtFilter, projectMetadata } from "./filter.js";
import { buildImages } from "./image.js";
import { writeLayout } from "./layout.js";
/** Default layout directory of a filter. */
export function layoutDir(name, root = process.cwd()) {
    return join(root, "build", "oci", name);
}
/** Package one built filter as an OCI image layout holding the compat and wasm-artifact variants. */
export function packageFilter(name, opts = {}) {
    const root = opts.root ?? process.cwd();
    const filter = builtFilter(name, root);
    const wasm = readFileSync(filter.wasm);
    const meta = projectMetadata(root);
    const images = buildImages({
        name,
        wasm,
        version: opts.version ?? meta.version ?? "0.0.0",
        source: opts.source ?? meta.source,
        rootIds: opts.rootIds,
    });
    const dir = opts.outDir ?? layoutDir(name, root);
    writeLayout(dir, images);
    return { name, dir, moduleSha256: sha256Hex(wasm), images };
}
