// Configurations for the config-contract test (issue 19): seeds taken from what the project
// ships and tests (config.json, the README samples, the literals in test/filters/*.test.ts) and
// mutations derived by walking the filter's schema.json ($ref included), so the generator knows
// no field list of its own and follows the schema wherever a sub-object moves.
import { readFileSync, readdirSync } from "node:fs";
import type { Rng } from "../fuzz/support.ts";

/** A JSON Schema node (the subset the walker reads). */
export type Schema = Record<string, any> | boolean;

/** One mutation: a label for the failure message and the configuration it produces. */
export interface Mutant {
  what: string;
  config: unknown;
}

/** A mutation not yet applied: building every configuration up front would copy the seed thousands of times. */
export interface LazyMutant {
  what: string;
  make(): unknown;
}

const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

/**
 * The schema with every shared schema it `$ref`s by id (src/config/validate.ts SHARED_SCHEMAS, e.g.
 * lib/match's) copied in under `$shared`, and those refs (and the refs inside the copies) made local,
 * so the walker below needs only JSON pointers into one root.
 */
export function bundle(schema: Schema, shared: Schema[]): Schema {
  const byId = new Map(shared.map((s, i) => [String((s as any).$id), { s, at: `#/$shared/${i}` }]));
  const rewrite = (n: any, base: string): any => {
    if (Array.isArray(n)) return n.map((x) => rewrite(x, base));
    if (n === null || typeof n !== "object") return n;
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === "$ref" && typeof v === "string") {
        const [id, frag = ""] = v.split("#");
        const target = id ? byId.get(id) : undefined;
        if (id && !target) throw new Error(`schema walker: $ref ${v} names no shared schema`);
        out[k] = (id ? target!.at : base) + (frag.startsWith("/") ? frag : "");
      } else out[k] = rewrite(v, base);
    }
    return out;
  };
  const root = rewrite(schema, "#");
  root.$shared = shared.map((s, i) => rewrite(s, `#/$shared/${i}`));
  return root;
}

/** Follows local `$ref`s (`#/definitions/x`, `#/$defs/x`, any JSON pointer into the root). */
export function deref(root: Schema, node: Schema): Schema {
  let n = node;
  for (let i = 0; i < 32 && typeof n === "object" && typeof n.$ref === "string"; i++) {
    const ref: string = n.$ref;
    if (!ref.startsWith("#/")) throw new Error(`schema walker: only local $ref is supported, got ${ref}`);
    let target: any = root;
    for (const part of ref.slice(2).split("/")) target = target?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (target === undefined) throw new Error(`schema walker: $ref ${ref} points nowhere`);
    n = target;
  }
  return n;
}

/**
 * Every node that may apply at one place: the node, then (recursively) its allOf / anyOf / oneOf
 * branches and if/then/else parts, each dereferenced. Properties, items and bounds are read from
 * all of them, so a field declared only in a branch is still mutated.
 */
export function facets(root: Schema, node: Schema): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const seen = new Set<unknown>();
  const visit = (n: Schema, depth: number) => {
    const d = deref(root, n);
    if (typeof d !== "object" || seen.has(d) || depth > 8) return;
    seen.add(d);
    out.push(d);
    for (const key of ["allOf", "anyOf", "oneOf"]) for (const b of d[key] ?? []) visit(b, depth + 1);
    for (const key of ["then", "else"]) if (d[key] !== undefined) visit(d[key], depth + 1);
  };
  visit(node, 0);
  return out;
}

/** Sub-schemas for member `key` of an object at this place (from `properties` or `additionalProperties`). */
function memberSchemas(root: Schema, fs: Record<string, any>[], key: string): Schema[] {
  const out: Schema[] = [];
  for (const f of fs) {
    if (f.properties && key in f.properties) out.push(f.properties[key]);
    else if (typeof f.additionalProperties === "object") out.push(f.additionalProperties);
  }
  return out.map((s) => deref(root, s));
}

/** A value the schema node most likely accepts (default, const, enum, an example of its type). */
export function sample(root: Schema, node: Schema, depth = 0): unknown {
  const fs = facets(root, node);
  for (const f of fs) if ("default" in f) return clone(f.default);
  for (const f of fs) if ("const" in f) return clone(f.const);
  for (const f of fs) if (Array.isArray(f.enum)) return clone(f.enum[0]);
  const type = fs.map((f) => f.type).find((t) => t !== undefined);
  const t = Array.isArray(type) ? type[0] : type;
  const min = fs.map((f) => f.minimum).find((m) => m !== undefined);
  const minLen = fs.map((f) => f.minLength).find((m) => m !== undefined) ?? 1;
  const pattern: string | undefined = fs.map((f) => f.pattern).find((p) => p !== undefined);
  if (t === "integer" || t === "number") return min ?? 1;
  if (t === "boolean") return true;
  if (t === "string") {
    if (pattern?.startsWith("^/")) return "/x";
    return "x".repeat(Math.max(minLen, 1));
  }
  if (t === "array") {
    const items = fs.map((f) => f.items).find((i) => i !== undefined);
    return items && depth < 4 ? [sample(root, items, depth + 1)] : [];
  }
  if (t === "object" || fs.some((f) => f.properties)) {
    const obj: Record<string, unknown> = {};
    if (depth < 4) for (const f of fs) for (const r of f.required ?? []) if (!(r in obj) && f.properties?.[r]) obj[r] = sample(root, f.properties[r], depth + 1);
    return obj;
  }
  return "x";
}

/** Strings that look like `s` but are off by one letter: last letter dropped, changed, upper-cased, padded. */
function offByOne(s: string): string[] {
  if (s.length === 0) return ["x"];
  const last = s[s.length - 1]!;
  return [...new Set([s.slice(0, -1), s.slice(0, -1) + (last === "x" ? "y" : "x"), s.toUpperCase(), " " + s, s + " "])].filter((v) => v !== s);
}

/** Values of every JSON type but the one `v` has. */
function wrongTypes(v: unknown): unknown[] {
  const all: unknown[] = [null, true, 0, 1.5, "s", [], {}];
  const kind = (x: unknown) => (x === null ? "null" : Array.isArray(x) ? "array" : Number.isInteger(x) ? "integer" : typeof x);
  return all.filter((x) => kind(x) !== kind(v));
}

/** Mutations of one value `v` under the schema `node`: each a label and a maker of the replacement value. */
function valueMutations(root: Schema, node: Schema, v: unknown): [string, () => unknown][] {
  const fs = facets(root, node);
  const out: [string, () => unknown][] = [];
  const push = (what: string, make: () => unknown) => { out.push([what, make]); };
  for (const w of wrongTypes(v)) push(`wrong type ${JSON.stringify(w)}`, () => w);
  for (const f of fs) {
    for (const e of f.enum ?? []) {
      push(`enum ${JSON.stringify(e)}`, () => e);
      if (typeof e === "string") for (const o of offByOne(e)) push(`enum off by one ${JSON.stringify(o)}`, () => o);
    }
    if ("const" in f) { push(`const ${JSON.stringify(f.const)}`, () => f.const); push("not const", () => (typeof f.const === "boolean" ? !f.const : "x")); }
    for (const bound of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
      const b = f[bound];
      if (typeof b === "number") for (const d of [-1, 0, 1]) push(`${bound}${d ? (d > 0 ? "+1" : "-1") : ""}`, () => b + d);
    }
    if (f.type === "integer" || f.type === "number") for (const n of [-1, 0, 2 ** 31, 2 ** 53, 1e300, 2.5]) push(String(n), () => n);
    if (typeof f.minLength === "number") for (const d of [-1, 0]) if (f.minLength + d >= 0) push(`minLength${d ? "-1" : ""}`, () => "a".repeat(f.minLength + d));
    if (typeof f.maxLength === "number") for (const d of [0, 1]) push(`maxLength${d ? "+1" : ""}`, () => "a".repeat(f.maxLength + d));
    if (typeof f.minItems === "number" && Array.isArray(v)) push("minItems-1", () => v.slice(0, Math.max(0, f.minItems - 1)));
    if (typeof f.maxItems === "number" && Array.isArray(v) && v.length) {
      for (const d of [0, 1]) push(`maxItems${d ? "+1" : ""}`, () => Array.from({ length: f.maxItems + d }, (_, i) => v[i % v.length]));
    }
  }
  if (typeof v === "string") {
    const odd: [string, () => string][] = [["empty string", () => ""], ["very long string", () => v + "a".repeat(70_000)],
      ["with LF", () => v + "\n"], ["with NUL", () => v + "\u0000"], ["with space", () => v + " x"], ["without first char", () => v.slice(1)],
      ["slash first", () => "/" + v], ["upper case", () => v.toUpperCase()], ["non-ASCII", () => v + "é"], ["with comma", () => v + ","],
      ["with colon", () => v + ":"], ["with star", () => "*" + v], ["with $", () => v + "$"]];
    for (const [what, make] of odd) push(what, make);
    for (const o of offByOne(v)) push(`off by one ${JSON.stringify(o)}`, () => o);
  }
  if (Array.isArray(v)) {
    push("empty array", () => []);
    if (v.length) push("duplicate first item", () => [...v, v[0]]);
    if (v.length > 1) push("reversed", () => [...v].reverse());
  }
  if (typeof v === "number") { push("negated", () => -v); push("+1", () => v + 1); push("-1", () => v - 1); push("as string", () => String(v)); }
  if (typeof v === "boolean") push("negated", () => !v);
  if (v !== null && typeof v === "object" && !Array.isArray(v)) push("empty object", () => ({}));
  return out;
}

/** Replaces the value at `path` (keys and indexes) in a copy of `root`; `undefined` deletes it. */
function place(config: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return clone(value);
  const out = clone(config) as any;
  let parent = out;
  for (const p of path.slice(0, -1)) parent = parent[p];
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = clone(value);
  return out;
}

const show = (path: (string | number)[]) => path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").replace(/^\./, "") || "(configuration)";

/**
 * Every systematic mutation of `config` under `schema`: at each value, wrong types, bounds at and
 * past each limit, enum values off by a letter, empty / long / odd strings, empty and duplicated
 * arrays; at each object, each member dropped, each missing member added, an unknown member and
 * a member named off by one letter; then the same inside every member and element. With `along`,
 * only the places on one random path from the root are visited (one member or element per level),
 * which is what a random mutation needs and costs a fraction of the whole walk.
 */
export function mutations(schema: Schema, config: unknown, along?: Rng): LazyMutant[] {
  const out: LazyMutant[] = [];
  const walk = (node: Schema, v: unknown, path: (string | number)[], depth: number) => {
    if (depth > 12) return;
    const fs = facets(schema, node);
    for (const [what, value] of valueMutations(schema, node, v)) out.push({ what: `${show(path)}: ${what}`, make: () => place(config, path, value()) });
    if (Array.isArray(v)) {
      const pick = along ? along.int(v.length + 1) : -1;
      const items = fs.map((f) => f.items).filter((i) => i !== undefined);
      v.forEach((item, i) => {
        if (along && i !== pick) return;
        if (v.length > 1) out.push({ what: `${show([...path, i])}: removed`, make: () => place(config, [...path, i], undefined) });
        for (const it of items) walk(it, item, [...path, i], depth + 1);
      });
    } else if (v !== null && typeof v === "object") {
      const obj = v as Record<string, unknown>;
      const keys = Object.keys(obj);
      const pick = along ? keys[along.int(keys.length + 1)] : undefined;
      for (const key of keys) {
        if (along && key !== pick) continue;
        out.push({ what: `${show([...path, key])}: dropped`, make: () => place(config, [...path, key], undefined) });
        for (const o of offByOne(key)) {
          out.push({
            what: `${show([...path, key])}: renamed ${JSON.stringify(o)}`,
            make: () => place(config, path, Object.fromEntries(Object.entries(obj).map(([k, x]) => [k === key ? o : k, x]))),
          });
        }
        for (const s of memberSchemas(schema, fs, key)) walk(s, obj[key], [...path, key], depth + 1);
      }
      out.push({ what: `${show([...path, "x_unknown"])}: unknown member`, make: () => place(config, [...path, "x_unknown"], 1) });
      const declared = new Set(fs.flatMap((f) => Object.keys(f.properties ?? {})));
      for (const key of declared) {
        if (key in obj) continue;
        const s = memberSchemas(schema, fs, key)[0]!;
        out.push({ what: `${show([...path, key])}: added`, make: () => place(config, [...path, key], sample(schema, s)) });
      }
    }
  };
  walk(schema, config, [], 0);
  return out;
}

/** `count` random mutants: 1–4 systematic mutations applied one on top of another. */
export function randomMutants(schema: Schema, seeds: unknown[], r: Rng, count: number): Mutant[] {
  const out: Mutant[] = [];
  for (let i = 0; i < count; i++) {
    let config = clone(r.pick(seeds));
    const steps: string[] = [];
    for (let k = 1 + r.int(4); k > 0; k--) {
      const ms = mutations(schema, config, r);
      if (!ms.length) break;
      const m = r.pick(ms);
      const next = m.make();
      if (JSON.stringify(next).length > 200_000) continue;
      config = next;
      steps.push(m.what);
    }
    out.push({ what: `random #${i}: ${steps.join(" then ")}`, config });
  }
  return out;
}

/** Strips `//` comments (outside strings) from a jsonc sample. */
function stripComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') { inString = true; out += c; }
    else if (c === "/" && text[i + 1] === "/") { while (i < text.length && text[i] !== "\n") i++; out += "\n"; }
    else out += c;
  }
  return out;
}

/** The ```json / ```jsonc blocks of a README that parse as objects. */
export function readmeSamples(file: string): unknown[] {
  const text = readFileSync(file, "utf8");
  const out: unknown[] = [];
  for (const m of text.matchAll(/```jsonc?\n([\s\S]*?)```/g)) {
    try {
      const v = JSON.parse(stripComments(m[1]!).replace(/,(\s*[}\]])/g, "$1"));
      if (v && typeof v === "object" && !Array.isArray(v)) out.push(v);
    } catch { /* a fragment that is not a whole JSON value (e.g. "…") */ }
  }
  return out;
}

/**
 * The object literals of TypeScript test files that evaluate on their own (no helper calls, no
 * variables), e.g. `{ rules: [{ name: "r", key: [...] }] }`: each balanced `{…}` is tried.
 */
export function testLiterals(files: string[]): unknown[] {
  const out: unknown[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
      let depth = 0, end = -1, quote = "";
      for (let i = start; i < text.length && i - start < 20_000; i++) {
        const c = text[i]!;
        if (quote) { if (c === "\\") i++; else if (c === quote) quote = ""; continue; }
        if (c === '"' || c === "'" || c === "`") quote = c;
        else if (c === "{") depth++;
        else if (c === "}" && --depth === 0) { end = i; break; }
      }
      if (end < 0) continue;
      const literal = text.slice(start, end + 1);
      if (!/^\{\s*"?[a-z_]+"?\s*:/.test(literal) || literal.includes("=>") || literal.includes("${")) continue;
      try {
        const v = new Function(`"use strict"; return (${literal});`)();
        if (v && typeof v === "object" && !Array.isArray(v)) out.push(v);
      } catch { /* refers to a helper or variable: not a literal configuration */ }
    }
  }
  return out;
}

/** Test files of a filter: test/filters/<name>.test.ts and test/filters/<name>-*.test.ts. */
export function filterTestFiles(name: string): string[] {
  return readdirSync("test/filters").filter((f) => f === `${name}.test.ts` || (f.startsWith(`${name}-`) && f.endsWith(".test.ts"))).map((f) => `test/filters/${f}`);
}
