// Path, query and host rewrites of one rule, applied to the stream's working copy of the
// request line; index.ts writes :path / :authority once at the end and clears the route cache.
import { Counter } from "envoy-as";
import { Regex } from "envoy-as/lib/regex";
import { addParam, removeParam } from "./query";
import { RenderContext, Template } from "./template";
import { quote, warn } from "./warn";

export const PATH_SET_PREFIX: i32 = 0;
export const PATH_SET_REGEX: i32 = 1;
export const PATH_SET_TEMPLATE: i32 = 2;

export class PathRewrite {
  kind: i32 = PATH_SET_PREFIX;
  from: string = "";
  to: string = "";
  regex: Regex | null = null;
  substitution: string = "";
  template: Template | null = null;
  where: string = "";
  /** header_rewrite.rule.<name>.path_regex_limit: regex rewrites given up at the step budget. */
  limitCounter: Counter | null = null;
}

export const QUERY_ADD: i32 = 0;
export const QUERY_SET: i32 = 1;
export const QUERY_REMOVE: i32 = 2;
export const QUERY_OPS = ["add", "set", "remove"];

export class QueryAction {
  constructor(public op: i32, public name: string, public value: Template | null, public where: string) {}
}

/** The request line being rewritten: path and query kept apart until they are written back. */
export class RequestLine {
  path: string = "";
  query: string = "";
  hasQuery: bool = false;
  host: string | null = null;
  pathChanged: bool = false;
  hostChanged: bool = false;
  /** The :path is over limits.max_path_bytes: a regex rewrite does not search it. */
  pathTooLong: bool = false;

  /** The :path to send. */
  toString(): string { return this.hasQuery ? this.path + "?" + this.query : this.path; }
}

/** A path a rewrite may produce: starts with '/', and no '?', '#', whitespace or control characters. */
function isCleanPath(p: string): bool {
  if (p.length == 0 || p.charCodeAt(0) != 0x2F) return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c <= 0x20 || c == 0x7F || c == 0x3F || c == 0x23) return false;
  }
  return true;
}

/**
 * Applies one path rewrite to `line`. False when a regex rewrite cannot be decided (the path is
 * over the limit or the search ran out of step budget): the path is left unchanged.
 */
export function rewritePath(r: PathRewrite, line: RequestLine, ctx: RenderContext): bool {
  let next: string | null = null;
  if (r.kind == PATH_SET_PREFIX) {
    if (!line.path.startsWith(r.from)) return true;
    next = r.to + line.path.substring(r.from.length);
  } else if (r.kind == PATH_SET_REGEX) {
    next = line.pathTooLong ? null : r.regex!.replaceAll(line.path, r.substitution);
    if (next === null) {
      // Undecided (one budget for the whole replaceAll, or a path over the limit): the path is left
      // as it was, never half rewritten; counted per rule here and as undecided by the caller.
      const c = r.limitCounter;
      if (c !== null) c.increment();
      warn("header-rewrite: " + r.where + ": " + (line.pathTooLong ? ":path over limits.max_path_bytes" : "regex ran out of its step budget on a path of " + line.path.length.toString() + " characters") + "; path left unchanged");
      return false;
    }
  } else {
    next = r.template!.render(ctx);
    if (next === null) return true;
  }
  if (next == line.path) return true;
  if (!isCleanPath(next!)) {
    warn("header-rewrite: " + r.where + ": rewritten path " + quote(next!) + " is not a clean absolute path; left unchanged");
    return true;
  }
  line.path = next!;
  line.pathChanged = true;
  return true;
}

export function rewriteQuery(actions: Array<QueryAction>, line: RequestLine, ctx: RenderContext): void {
  for (let i = 0; i < actions.length; i++) {
    const a = unchecked(actions[i]);
    const before = line.query;
    if (a.op != QUERY_ADD) line.query = removeParam(line.query, a.name);
    if (a.op != QUERY_REMOVE) {
      const v = a.value!.render(ctx);
      if (v === null) { line.query = before; continue; }
      line.query = addParam(line.query, a.name, v);
    }
    if (line.query != before) {
      line.pathChanged = true;
      line.hasQuery = line.query.length > 0;
    }
  }
}

/** A host value a rewrite may produce: no whitespace, control characters, '/', '?', '#' or '@'. */
export function isCleanHost(h: string): bool {
  if (h.length == 0) return false;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c <= 0x20 || c == 0x7F || c == 0x2F || c == 0x3F || c == 0x23 || c == 0x40) return false;
  }
  return true;
}

export function rewriteHost(t: Template, line: RequestLine, ctx: RenderContext, where: string): void {
  const v = t.render(ctx);
  if (v === null) return;
  if (!isCleanHost(v)) {
    warn("header-rewrite: " + where + ": rewritten host " + quote(v) + " is not a valid authority; left unchanged");
    return;
  }
  if (line.host !== null && v == line.host!) return;
  line.host = v;
  line.hostChanged = true;
}
