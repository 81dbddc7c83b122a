// Is the packaged image still the module in build/? `push` and `istio` read build/oci/<filter>/;
// after a rebuild that layout holds the old module, and shipping its digest would deploy stale
// code (or pin a sha256 the pushed image does not have). Compared by content, not by mtime.
import { readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { sha256Hex } from "./digest.ts";
import { builtFilter } from "./filter.ts";
import { readImage } from "./layout.ts";
import { WASM_CONTENT_LAYER } from "./media-types.ts";

/** The sha256 (hex) of the module a layout holds: its wasm image's content layer. */
export function layoutModuleSha256(dir: string): string {
  const layer = (JSON.parse(readImage(dir, "wasm").manifestBytes.toString("utf8")) as { layers: { mediaType: string; digest: string }[] }).layers.find((l) => l.mediaType === WASM_CONTENT_LAYER);
  if (!layer) throw new Error(`${dir}: the wasm image has no ${WASM_CONTENT_LAYER} layer; re-run envoy-as package`);
  return layer.digest.slice("sha256:".length);
}

/** Throws, saying what to run, unless the layout `dir` of `filter` holds the module build/ has now. */
export function assertPackageCurrent(filter: string, dir: string, root: string): void {
  const wasm = builtFilter(filter, root).wasm;
  const built = sha256Hex(readFileSync(wasm));
  const packaged = layoutModuleSha256(dir);
  if (built === packaged) return;
  const shownDir = relative(root, dir) || dir;
  const shownWasm = relative(root, wasm) || wasm;
  const newer = statSync(wasm).mtimeMs > statSync(join(dir, "index.json")).mtimeMs ? " (rebuilt after it was packaged)" : "";
  throw new Error(
    `${shownDir} is stale: it holds module sha256:${packaged.slice(0, 12)}…, but ${shownWasm} is now sha256:${built.slice(0, 12)}…${newer}; ` +
      `run \`envoy-as package ${filter}\` (and push the new image) first`,
  );
}
