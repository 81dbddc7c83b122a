// Reading claims from a verified JWT payload: dotted paths into nested objects
// ("realm_access.roles"), rendering a claim as a header value, and rule claim conditions.
import { JsonKind, JsonValue, isValidHeaderValue, joinStrings } from "envoy-as";

/** A claim path: the full name first (claims may contain dots, e.g. URLs), else its dotted parts. */
export class ClaimPath {
  parts: Array<string>;
  constructor(public name: string) {
    this.parts = name.split(".");
  }

  /** The claim's value in `payload`, or null. */
  lookup(payload: JsonValue): JsonValue | null {
    const whole = payload.get(this.name);
    if (whole !== null || this.parts.length == 1) return whole;
    let v: JsonValue | null = payload;
    for (let i = 0; i < this.parts.length && v !== null; i++) v = v.get(unchecked(this.parts[i]));
    return v;
  }
}

/**
 * A claim as a header value: strings as they are, numbers and booleans as JSON, arrays of
 * scalars joined with ",", objects (and mixed arrays) as compact JSON. Null when absent, null,
 * or when a string would carry CR/LF/NUL (no header injection from a token).
 */
export function claimHeaderValue(v: JsonValue | null): string | null {
  if (v === null || v.isNull) return null;
  let out: string;
  if (v.kind == JsonKind.String) out = v.str;
  else if (v.kind == JsonKind.Array) {
    let scalars = true;
    for (let i = 0; i < v.items.length; i++) {
      const k = v.items[i].kind;
      if (k == JsonKind.Array || k == JsonKind.Object) { scalars = false; break; }
    }
    if (scalars) {
      const parts = new Array<string>(v.items.length);
      for (let i = 0; i < v.items.length; i++) {
        const item = v.items[i];
        parts[i] = item.kind == JsonKind.String ? item.str : item.stringify();
      }
      out = joinStrings(parts, ","); // linear: the parts come from the token
    } else out = v.stringify();
  } else out = v.stringify();
  return isValidHeaderValue(out) ? out : null;
}

export const CLAIM_EQUALS: i32 = 0;
export const CLAIM_CONTAINS: i32 = 1;
export const CLAIM_PRESENT: i32 = 2;

/** A rule condition on a claim: equals a string, contains a value (array element or space-separated word), or present. */
export class ClaimCondition {
  constructor(public path: ClaimPath, public op: i32, public value: string) {}

  holds(payload: JsonValue): bool {
    const v = this.path.lookup(payload);
    if (v === null || v.isNull) return false;
    if (this.op == CLAIM_PRESENT) return true;
    if (this.op == CLAIM_EQUALS) return v.kind == JsonKind.String ? v.str == this.value : v.stringify() == this.value;
    // contains
    if (v.kind == JsonKind.Array) {
      for (let i = 0; i < v.items.length; i++) {
        const item = v.items[i];
        if ((item.kind == JsonKind.String ? item.str : item.stringify()) == this.value) return true;
      }
      return false;
    }
    if (v.kind == JsonKind.String) {
      // OAuth "scope" is a space-separated list.
      const words = v.str.split(" ");
      return words.includes(this.value);
    }
    return false;
  }
}
