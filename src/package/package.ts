// `package`: build/<name>.wasm → build/oci/<name>/ (an OCI image layout with both Wasm variants).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./digest.ts";
import { builtFilter, projectMetadata } from "./filter.ts";
import { buildImages, type Image } from "./image.ts";
import { writeLayout } from "./layout.ts";

export interface PackageOptions {
  /** Project root (filters, build/, package.json). Default process.cwd(). */
  root?: string;
  /** Output layout directory. Default <root>/build/oci/<name>. */
  outDir?: string;
  /** Image version annotation. Default package.json version, else "0.0.0". */
  version?: string;
  /** Source repository annotation. Default package.json repository, else git remote origin. */
  source?: string;
  /** Root ids for the wasm runtime config. Default [name]. */
  rootIds?: string[];
}

export interface PackageResult {
  name: string;
  dir: string;
  /** sha256 (hex) of the module itself: what http(s)/file URLs are verified against. */
  moduleSha256: string;
  images: Image[];
}

/** Default layout directory of a filter. */
export function layoutDir(name: string, root = process.cwd()): string {
  return join(root, "build", "oci", name);
}

/** Package one built filter as an OCI image layout holding the compat and wasm-artifact variants. */
export function packageFilter(name: string, opts: PackageOptions = {}): PackageResult {
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
