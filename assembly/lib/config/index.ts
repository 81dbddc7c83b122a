// Reading a JSON configuration with error messages that name the field:
// `rules[2].match.method[0]: must be one of GET, HEAD, …`. A Field wraps one JsonValue and its
// path; every getter records a problem instead of trapping and returns a fallback, so a whole
// configuration is checked in one pass and every error is reported. Use at configure time:
//
//   const errors = new ConfigErrors();
//   const root = Field.root(json, errors);
//   root.allowOnly(["rules", "mode"]);
//   const mode = root.get("mode").oneOf(["all", "first"], "all");
//   const rules = root.get("rules").items();             // Field per element: rules[0], rules[1], …
//   if (!errors.ok) { log.error(errors.summary("my-filter")); return false; }
//
// A filter's onConfigure reads its whole configuration in one call with readConfiguration below.
import { Json, JsonValue, JsonKind } from "../../sdk/json";
import { joinStrings } from "../../sdk/string-builder";
import { forLog } from "../../sdk/util";
import { log } from "../../sdk/hostcalls/log";

/** How many problems a configuration's error line names; the rest are counted ("and N more"). */
export const MAX_REPORTED_ERRORS: i32 = 20;

/** Longest echo of a configuration string (field name, value) in a message, in code units. */
const MAX_ECHO: i32 = 120;

/**
 * The problems found in a configuration, each as `<field path>: <message>`. Only the first
 * MAX_REPORTED_ERRORS are kept (the rest are counted), so a configuration with thousands of
 * bad fields costs linear time and memory and is still rejected with one readable line.
 */
export class ConfigErrors {
  /** The first MAX_REPORTED_ERRORS problems, in the order found. */
  messages: Array<string> = [];
  /** Every problem found, including those not kept. */
  count: i32 = 0;
  /** Set after a JSON syntax error: nothing past it is meaningful, so nothing more is recorded. */
  private syntax: bool = false;

  get ok(): bool { return this.count == 0; }

  /**
   * Records a problem at `path` ("" = the whole configuration). Control characters from the
   * configuration (CR, LF, …) are escaped so that a message stays one log line.
   */
  add(path: string, message: string): void {
    if (this.syntax) return;
    this.count++;
    if (this.messages.length >= MAX_REPORTED_ERRORS) return;
    this.messages.push((path.length ? forLog(path, MAX_ECHO) : "(configuration)") + ": " + forLog(message, 4 * MAX_ECHO));
  }

  /** Records a JSON syntax error; later problems (all consequences of it) are not recorded. */
  addSyntaxError(message: string): void {
    this.add("", message);
    this.syntax = true;
  }

  /** One log line: `<filter>: invalid configuration: <first>; <second>; …[; and N more]`. */
  summary(filter: string): string {
    const more = this.count - this.messages.length;
    return filter + ": invalid configuration: " + joinStrings(this.messages, "; ") +
      (more > 0 ? "; and " + more.toString() + " more problem" + (more == 1 ? "" : "s") : "");
  }
}

/** Parses `text` (empty = `{}`) into a root Field; a syntax error is recorded at "(configuration)". */
export function parseConfig(text: string, errors: ConfigErrors): Field {
  if (text.length == 0) text = "{}";
  const parsed = Json.parse(text);
  if (parsed.value === null) {
    errors.addSyntaxError("not valid JSON: " + parsed.error + " at offset " + parsed.offset.toString());
    return new Field(null, "", errors);
  }
  return new Field(parsed.value, "", errors);
}

/**
 * Reads a filter's plugin configuration `text` with `read` (call from onConfigure): parses it, runs
 * the reader over the whole of it, and if anything is wrong logs one error line
 * `<filter>: invalid configuration: <problems>` and returns null, so that onConfigure returns false
 * and Envoy keeps the previous configuration.
 */
export function readConfiguration<T>(filter: string, text: string, read: (root: Field, errors: ConfigErrors) => T): T | null {
  const errors = new ConfigErrors();
  const settings = read(parseConfig(text, errors), errors);
  if (!errors.ok) {
    log.error(errors.summary(filter));
    return null;
  }
  return settings;
}

/** One value of the configuration (possibly absent) with its field path. */
export class Field {
  constructor(public readonly value: JsonValue | null, public readonly path: string, public readonly errors: ConfigErrors) {}

  static root(value: JsonValue, errors: ConfigErrors): Field { return new Field(value, "", errors); }

  /** True if the field is in the configuration (null counts as present). */
  get present(): bool { return this.value !== null; }

  /** Records a problem at this field. Returns false, for `return f.error(…)`. */
  error(message: string): bool {
    this.errors.add(this.path, message);
    return false;
  }

  /** Member `key` (absent if this is not an object or has no such member). */
  get(key: string): Field {
    const v = this.value;
    const path = this.path.length ? this.path + "." + key : key;
    return new Field(v === null ? null : v.get(key), path, this.errors);
  }

  /** True if this object has member `key`. */
  has(key: string): bool {
    const v = this.value;
    return v !== null && v.get(key) !== null;
  }

  /** Element `i` of an array. */
  at(i: i32): Field {
    const v = this.value;
    const item = v !== null && v.kind == JsonKind.Array && i < v.items.length ? v.items[i] : null;
    return new Field(item, this.path + "[" + i.toString() + "]", this.errors);
  }

  /** Checks that this is an object; records `must be an object` otherwise. Absent is fine unless `required`. */
  isObject(required: bool = false): bool {
    const v = this.value;
    if (v === null) return required ? this.error("is required") : false;
    if (v.kind != JsonKind.Object) return this.error("must be an object, got " + v.typeName);
    return true;
  }

  /** Checks that this object has only the `allowed` members; records each unknown one. */
  allowOnly(allowed: Array<string>): bool {
    const v = this.value;
    if (v === null || v.kind != JsonKind.Object) return true;
    let ok = true;
    for (let i = 0; i < v.keys.length; i++) {
      const key = unchecked(v.keys[i]);
      if (!allowed.includes(key)) {
        // The member itself, not get(key): a lookup by name would rescan every key each time.
        new Field(unchecked(v.items[i]), this.path.length ? this.path + "." + key : key, this.errors)
          .error("unknown field (expected " + joinStrings(allowed, ", ") + ")");
        ok = false;
      }
    }
    return ok;
  }

  /**
   * For objects that must carry exactly one of `keys` (e.g. exact | prefix | regex): returns the
   * one present, or "" after recording the problem.
   */
  exactlyOne(keys: Array<string>): string {
    let found = "";
    let count = 0;
    for (let i = 0; i < keys.length; i++) {
      if (this.has(keys[i])) { if (count == 0) found = keys[i]; count++; }
    }
    if (count == 1) return found;
    this.error("must have exactly one of " + joinStrings(keys, ", ") + (count == 0 ? "" : " (found " + count.toString() + ")"));
    return "";
  }

  /** Elements of an array (absent = none; `required` makes absence an error; a non-array is an error). */
  items(required: bool = false, minItems: i32 = 0): Array<Field> {
    const out = new Array<Field>();
    const v = this.value;
    if (v === null) { if (required) this.error("is required"); return out; }
    if (v.kind != JsonKind.Array) { this.error("must be an array, got " + v.typeName); return out; }
    if (v.items.length < minItems) this.error("must have at least " + minItems.toString() + " item" + (minItems == 1 ? "" : "s"));
    for (let i = 0; i < v.items.length; i++) out.push(new Field(v.items[i], this.path + "[" + i.toString() + "]", this.errors));
    return out;
  }

  /** A string (absent gives `fallback`, or an error if `required`). */
  string(fallback: string = "", required: bool = false): string {
    const v = this.value;
    if (v === null) { if (required) this.error("is required"); return fallback; }
    if (v.kind != JsonKind.String) { this.error("must be a string, got " + v.typeName); return fallback; }
    return v.str;
  }

  /** A required string of at least one character. */
  requiredString(): string {
    const s = this.string("", true);
    if (this.value !== null && this.value!.kind == JsonKind.String && s.length == 0) this.error("must not be empty");
    return s;
  }

  /** A boolean (absent gives `fallback`). */
  bool(fallback: bool = false): bool {
    const v = this.value;
    if (v === null) return fallback;
    if (v.kind != JsonKind.Bool) { this.error("must be a boolean, got " + v.typeName); return fallback; }
    return v.bool;
  }

  /** An integer within [min, max] (absent gives `fallback`). */
  int(fallback: i64, min: i64 = i64.MIN_VALUE, max: i64 = i64.MAX_VALUE): i64 {
    const v = this.value;
    if (v === null) return fallback;
    if (!v.isInteger) { this.error("must be an integer, got " + (v.kind == JsonKind.Number ? v.num.toString() : v.typeName)); return fallback; }
    const n = <i64>v.num;
    if (n < min || n > max) { this.error("must be between " + min.toString() + " and " + max.toString()); return fallback; }
    return n;
  }

  /** A string from `options` (absent gives `fallback`). */
  oneOf(options: Array<string>, fallback: string, required: bool = false): string {
    const v = this.value;
    if (v === null) { if (required) this.error("is required"); return fallback; }
    if (v.kind != JsonKind.String || !options.includes(v.str)) {
      this.error("must be one of " + joinStrings(options, ", "));
      return fallback;
    }
    return v.str;
  }
}

/** True if `s` is a rule name: 1-64 characters of A-Z a-z 0-9 _ - (it names metrics). */
export function isRuleName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D)) return false;
  }
  return true;
}

/**
 * Reads the required rule name at `f`: a rule name (isRuleName) not already in `names`; the
 * name is added to `names` either way, so each duplicate is reported once per repeat.
 */
export function readRuleName(f: Field, names: Array<string>): string {
  const name = f.requiredString();
  if (name.length && !isRuleName(name)) f.error("must be 1-64 characters of A-Z a-z 0-9 _ -");
  else if (name.length && names.includes(name)) f.error("duplicate rule name \"" + name + "\"");
  names.push(name);
  return name;
}
