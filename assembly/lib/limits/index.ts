// Limits on the request parts a filter examines, shared by the filters' configurations
// (`limits.max_path_bytes`). A :path over the limit is never searched: every path condition on
// it is undecided, and each filter fails closed in its own way (see the filters' READMEs).
import { Field } from "../config";

/** Default max_path_bytes: above Envoy's default request-header limit (60 KiB), so it bites only when Envoy's is raised. */
export const DEFAULT_MAX_PATH_BYTES: i32 = 65536;
/** Smallest max_path_bytes accepted. */
export const MIN_MAX_PATH_BYTES: i32 = 256;
/** Largest max_path_bytes accepted: a path regex's step budget grows with the limit. */
export const MAX_MAX_PATH_BYTES: i32 = 1048576;

/** Reads the optional `limits` object ({ max_path_bytes }) of a filter configuration; the path byte limit. */
export function readMaxPathBytes(root: Field): i32 {
  const f = root.get("limits");
  if (!f.isObject()) return DEFAULT_MAX_PATH_BYTES;
  f.allowOnly(["max_path_bytes"]);
  return <i32>f.get("max_path_bytes").int(DEFAULT_MAX_PATH_BYTES, MIN_MAX_PATH_BYTES, MAX_MAX_PATH_BYTES);
}

/**
 * True if `s` takes more than `max` bytes in UTF-8. Linear only for strings within 3x of the
 * limit: a UTF-16 code unit takes 1 to 3 bytes.
 */
export function overBytes(s: string, max: i32): bool {
  const n = s.length;
  if (n > max) return true;
  if (<i64>n * 3 <= <i64>max) return false;
  return String.UTF8.byteLength(s) > max;
}
