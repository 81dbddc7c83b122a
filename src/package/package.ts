// `package`: build/<name>.wasm → build/oci/<name>/ (an OCI image layout with both Wasm variants).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./digest.ts";
import { builtFilter, projectMetadata } from "./filter.ts";
import { buildImages, type Image } from "./image.ts";
import { writeLayout } from "./layout.ts";
import { publicSourceUrl } from "./source-url.ts";

export interface PackageOptions {
  /** Project root (filters, build/, package.json). Default process.cwd(). */
  root?: string;
  /** Output layout directory. Default <root>/build/oci/<name>. */
  outDir?: string;
  /** Image version annotation. Default package.json version, else "0.0.0". */
  version?: string;
  /**
   * Source repository annotation. Default package.json repository, else git remote origin (both
   * reduced to their public part). An explicit value must be a network URL without credentials.
   */
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

/** Refuse a --source that would publish credentials or a local path. */
function checkExplicitSource(source: string): void {
  const pub = publicSourceUrl(source);
  if (!pub) throw new Error(`--source ${JSON.stringify(source)}: not a network URL (give the public repository URL, e.g. https://github.com/org/repo)`);
  const u = new URL(source.trim().replace(/^git\+/, ""));
  if (u.username || u.password) throw new Error(`--source: the URL carries credentials (user:token@); give it without them, it is published in the image`);
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
  if (opts.source !== undefined) checkExplicitSource(opts.source);
  const images = buildImages({
    name,
    wasm,
    version: opts.version ?? meta.version ?? "0.0.0",
    source: opts.source !== undefined ? publicSourceUrl(opts.source) : meta.source,
    rootIds: opts.rootIds,
  });
  const dir = opts.outDir ?? layoutDir(name, root);
  writeLayout(dir, images);
  return { name, dir, moduleSha256: sha256Hex(wasm), images };
}
