// YAML for Kubernetes consumers. kubectl, istioctl and client-go read YAML with sigs.k8s.io/yaml
// (go-yaml, YAML 1.1 resolution): plain y, n, yes, no, on, off (any case) become booleans, 1_000,
// 0x1f and 012 numbers, 2026-01-01 a timestamp, ~ null, `<<` a merge key. The `yaml` package writes
// YAML 1.2, where all of those stay strings, so its plain output changes meaning on the way to the
// cluster. Here every string VALUE is double-quoted, and a KEY stays plain only when it is an
// identifier no YAML version reads as anything but a string; numbers, booleans and null are written
// as they are (the same in 1.1 and 1.2).
import YAML from "yaml";

/** Words YAML 1.1 resolves to booleans or null when plain (compared case-insensitively). */
const RESERVED_1_1 = /^(y|yes|n|no|on|off|true|false|null)$/i;
/** Keys that may stay plain: a letter, then letters, digits, '_' or '-'. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** True when `key` can be written unquoted and reads back as the same string in YAML 1.1 and 1.2. */
export function isPlainSafeKey(key: string): boolean {
  return SAFE_KEY.test(key) && !RESERVED_1_1.test(key);
}

/** `doc` as YAML that every YAML 1.1 or 1.2 reader turns back into the same JSON value. */
export function kubeYaml(doc: unknown): string {
  const d = new YAML.Document(doc);
  YAML.visit(d, {
    // `where` is "key" for a map key, "value" for a map value, the index in a sequence.
    Scalar(where, node) {
      if (typeof node.value !== "string") return;
      node.type = where === "key" && isPlainSafeKey(node.value) ? "PLAIN" : "QUOTE_DOUBLE";
    },
  });
  return d.toString({ lineWidth: 0 });
}
