// A small strict JSON parser (RFC 8259) for configurations, returning errors as values.
// Why not a library: json-as (the maintained AS JSON library) maps JSON onto @json classes
// through a compiler transform and aborts on malformed input, and an abort in onConfigure
// traps the VM. Filters must instead reject bad input with a message naming the field, so
// they need a DOM they can walk with paths. Parsing is linear in the text (escapes included):
// it runs at configure time, and on token payloads before their claims are read.
import { StringBuilder, joinStrings } from "./string-builder";

export enum JsonKind { Null, Bool, Number, String, Array, Object }

/** A parsed JSON value. Object keys keep their document order. */
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  bool: bool = false;
  num: f64 = 0;
  str: string = "";
  items: Array<JsonValue> = [];
  keys: Array<string> = [];

  /** True if this value is a JSON null. */
  get isNull(): bool { return this.kind == JsonKind.Null; }
  /** True if this value is a JSON bool. */
  get isBool(): bool { return this.kind == JsonKind.Bool; }
  /** True if this value is a JSON number. */
  get isNumber(): bool { return this.kind == JsonKind.Number; }
  /** True if this value is a JSON string. */
  get isString(): bool { return this.kind == JsonKind.String; }
  /** True if this value is a JSON array. */
  get isArray(): bool { return this.kind == JsonKind.Array; }
  /** True if this value is a JSON object. */
  get isObject(): bool { return this.kind == JsonKind.Object; }
  /** True for a number with no fractional part within ±2^53. */
  get isInteger(): bool { return this.kind == JsonKind.Number && Math.floor(this.num) == this.num && Math.abs(this.num) <= 9007199254740992; }

  /** Member `key` of an object, or null (also for non-objects). Last duplicate wins. */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (unchecked(this.keys[i]) == key) return unchecked(this.items[i]);
    }
    return null;
  }

  /** A JSON type name for messages: "null", "boolean", "number", "string", "array", "object". */
  get typeName(): string {
    switch (this.kind) {
      case JsonKind.Bool: return "boolean";
      case JsonKind.Number: return "number";
      case JsonKind.String: return "string";
      case JsonKind.Array: return "array";
      case JsonKind.Object: return "object";
      default: return "null";
    }
  }

  /** Serializes back to compact JSON. */
  stringify(): string {
    switch (this.kind) {
      case JsonKind.Bool: return this.bool ? "true" : "false";
      case JsonKind.Number: return this.isInteger ? (<i64>this.num).toString() : this.num.toString();
      case JsonKind.String: return jsonQuote(this.str);
      case JsonKind.Array: {
        const parts = new Array<string>(this.items.length);
        for (let i = 0; i < this.items.length; i++) unchecked(parts[i] = this.items[i].stringify());
        return "[" + joinStrings(parts, ",") + "]";
      }
      case JsonKind.Object: {
        const parts = new Array<string>(this.keys.length);
        for (let i = 0; i < this.keys.length; i++) unchecked(parts[i] = jsonQuote(this.keys[i]) + ":" + this.items[i].stringify());
        return "{" + joinStrings(parts, ",") + "}";
      }
      default: return "null";
    }
  }
}

/** The result of Json.parse: a value, or an error with its byte offset. */
export class JsonResult {
  constructor(public value: JsonValue | null, public error: string, public offset: i32) {}
  /** True if the text parsed; otherwise `error` and `offset` say why and where. */
  get ok(): bool { return this.value !== null; }
}

/** Quotes and escapes `s` as a JSON string (linear in its length). */
export function jsonQuote(s: string): string {
  const out = new StringBuilder(s.length + 2);
  out.appendCode(0x22);
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5C) continue;
    out.appendRange(s, start, i).appendCode(0x5C);
    if (c == 0x22 || c == 0x5C) out.appendCode(c);
    else if (c == 0x0A) out.appendCode(0x6E);
    else if (c == 0x0D) out.appendCode(0x72);
    else if (c == 0x09) out.appendCode(0x74);
    else out.append("u00").appendCode(c < 16 ? 0x30 : 0x31).appendCode(HEX_DIGITS.charCodeAt(c & 15));
    start = i + 1;
  }
  return out.appendRange(s, start, s.length).appendCode(0x22).toString();
}

const HEX_DIGITS = "0123456789abcdef";

const MAX_DEPTH = 64;

class Parser {
  pos: i32 = 0;
  error: string = "";
  constructor(public text: string) {}

  fail(message: string): JsonValue | null {
    if (this.error.length == 0) this.error = message;
    return null;
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) break;
      this.pos++;
    }
  }

  value(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.fail("nested deeper than " + MAX_DEPTH.toString() + " levels");
    this.skipSpace();
    if (this.pos >= this.text.length) return this.fail("unexpected end of input");
    const c = this.text.charCodeAt(this.pos);
    if (c == 0x7B) return this.object(depth);
    if (c == 0x5B) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      if (s === null) return null;
      const v = new JsonValue();
      v.kind = JsonKind.String;
      v.str = s;
      return v;
    }
    if (c == 0x2D || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.literal("true")) { const v = new JsonValue(); v.kind = JsonKind.Bool; v.bool = true; return v; }
    if (this.literal("false")) { const v = new JsonValue(); v.kind = JsonKind.Bool; return v; }
    if (this.literal("null")) return new JsonValue();
    return this.fail("unexpected character '" + String.fromCharCode(c) + "'");
  }

  literal(word: string): bool {
    if (this.text.substr(this.pos, word.length) != word) return false;
    this.pos += word.length;
    return true;
  }

  object(depth: i32): JsonValue | null {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    this.pos++; // {
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x7D) { this.pos++; return v; }
    while (true) {
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x22) return this.fail("expected a string key");
      const key = this.string();
      if (key === null) return null;
      this.skipSpace();
      if (this.pos >= this.text.length || this.text.charCodeAt(this.pos) != 0x3A) return this.fail("expected ':' after key \"" + key + "\"");
      this.pos++;
      const item = this.value(depth + 1);
      if (item === null) return null;
      v.keys.push(key);
      v.items.push(item);
      this.skipSpace();
      if (this.pos >= this.text.length) return this.fail("unterminated object");
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x7D) return v;
      if (c != 0x2C) return this.fail("expected ',' or '}' in object");
    }
  }

  array(depth: i32): JsonValue | null {
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    this.pos++; // [
    this.skipSpace();
    if (this.pos < this.text.length && this.text.charCodeAt(this.pos) == 0x5D) { this.pos++; return v; }
    while (true) {
      const item = this.value(depth + 1);
      if (item === null) return null;
      v.items.push(item);
      this.skipSpace();
      if (this.pos >= this.text.length) return this.fail("unterminated array");
      const c = this.text.charCodeAt(this.pos++);
      if (c == 0x5D) return v;
      if (c != 0x2C) return this.fail("expected ',' or ']' in array");
    }
  }

  number(): JsonValue | null {
    const t = this.text;
    const start = this.pos;
    if (t.charCodeAt(this.pos) == 0x2D) this.pos++;
    if (this.pos >= t.length) { this.fail("invalid number"); return null; }
    if (t.charCodeAt(this.pos) == 0x30) this.pos++;
    else if (!this.digits()) return this.fail("invalid number");
    if (this.pos < t.length && t.charCodeAt(this.pos) == 0x2E) {
      this.pos++;
      if (!this.digits()) return this.fail("invalid number: digits expected after '.'");
    }
    if (this.pos < t.length && (t.charCodeAt(this.pos) | 0x20) == 0x65) {
      this.pos++;
      if (this.pos < t.length && (t.charCodeAt(this.pos) == 0x2B || t.charCodeAt(this.pos) == 0x2D)) this.pos++;
      if (!this.digits()) return this.fail("invalid number: digits expected in exponent");
    }
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.num = parseFloat(t.substring(start, this.pos));
    if (!isFinite(v.num)) return this.fail("number out of range");
    return v;
  }

  digits(): bool {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos > start;
  }

  hex4(): i32 {
    if (this.pos + 4 > this.text.length) return -1;
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text.charCodeAt(this.pos + i);
      let d: i32;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else return -1;
      n = (n << 4) | d;
    }
    this.pos += 4;
    return n;
  }

  /** A string literal; the text is built in one buffer, so escapes cost O(1) each. */
  string(): string | null {
    const t = this.text;
    this.pos++; // opening quote
    let out: StringBuilder | null = null; // only made once an escape is seen
    let start = this.pos;
    while (true) {
      if (this.pos >= t.length) { this.fail("unterminated string"); return null; }
      const c = t.charCodeAt(this.pos);
      if (c == 0x22) {
        const end = this.pos;
        this.pos++;
        if (out === null) return t.substring(start, end);
        return out.appendRange(t, start, end).toString();
      }
      if (c < 0x20) { this.fail("control character in string"); return null; }
      if (c != 0x5C) { this.pos++; continue; }
      if (out === null) out = new StringBuilder(32);
      out.appendRange(t, start, this.pos);
      this.pos++;
      if (this.pos >= t.length) { this.fail("unterminated string"); return null; }
      const e = t.charCodeAt(this.pos++);
      if (e == 0x22 || e == 0x5C || e == 0x2F) out.appendCode(e);
      else if (e == 0x62) out.appendCode(0x08);
      else if (e == 0x66) out.appendCode(0x0C);
      else if (e == 0x6E) out.appendCode(0x0A);
      else if (e == 0x72) out.appendCode(0x0D);
      else if (e == 0x74) out.appendCode(0x09);
      else if (e == 0x75) {
        const u = this.hex4();
        if (u < 0) { this.fail("invalid \\u escape"); return null; }
        out.appendCode(u);
      } else { this.fail("invalid escape '\\" + String.fromCharCode(e) + "'"); return null; }
      start = this.pos;
    }
  }
}

/** JSON parsing. Call at configure time; never traps on bad input. */
export namespace Json {
  /** Parses `text`; on failure the result says what and where. */
  export function parse(text: string): JsonResult {
    const p = new Parser(text);
    const v = p.value(0);
    if (v !== null) {
      p.skipSpace();
      if (p.pos < text.length) return new JsonResult(null, "unexpected trailing characters", p.pos);
      return new JsonResult(v, "", p.pos);
    }
    return new JsonResult(null, p.error, p.pos);
  }
}
