// Configuration → compiled rules. Everything that can be checked or compiled is, here, once:
// header names (validated, lower-cased), regexes, templates, metric names. Every problem is
// reported with its field path (assembly/lib/config), matching schema.json.
import { Counter } from "envoy-as";
import { asciiLower, isValidHeaderName, isValidHeaderValue } from "envoy-as/sdk/util";
import { ConfigErrors, Field, readRuleName } from "envoy-as/lib/config";
import { DEFAULT_MAX_PATH_BYTES, readMaxPathBytes } from "envoy-as/lib/limits";
import { Match, isValidParamName, readMatch, readRegex } from "envoy-as/lib/match";
import { HEADER_OPS, HeaderAction, OP_RENAME, OP_REMOVE } from "./actions";
import { PATH_SET_PREFIX, PATH_SET_REGEX, PATH_SET_TEMPLATE, PathRewrite, QUERY_OPS, QUERY_REMOVE, QueryAction } from "./path";
import { PART_VIEW, Part, Template, VIEW_HOST, VIEW_METHOD, VIEW_PATH, compileTemplate } from "./template";

export class Rule {
  name: string = "";
  match: Match = new Match();
  requestHeaders: Array<HeaderAction> = [];
  requestTrailers: Array<HeaderAction> = [];
  path: PathRewrite | null = null;
  query: Array<QueryAction> = [];
  host: Template | null = null;
  hostWhere: string = "";
  responseHeaders: Array<HeaderAction> = [];
  responseTrailers: Array<HeaderAction> = [];
  counter: Counter | null = null;
  /** The rule has actions after the request headers (request trailers or response). */
  late: bool = false;
}

export class Settings {
  firstOnly: bool = false;
  rules: Array<Rule> = [];
  /** Request header names kept per stream for late-phase templates. */
  snapshotNames: Array<string> = [];
  /** Which of :path, :method, :authority, :scheme (bit 1 << VIEW_*) some rule reads. */
  viewMask: i32 = 0;
  /** limits.max_path_bytes: a longer :path is never searched (path conditions undecided). */
  maxPathBytes: i32 = DEFAULT_MAX_PATH_BYTES;
  /** Requests a rule's match could not decide (left unchanged) or whose path regex rewrite could not run. */
  undecided: Counter | null = null;
}

class Reader {
  skipDefault: bool = false;
  captureGroups: i32 = -1;
  snapshotNames: Array<string> = [];
  viewMask: i32 = 0;
  maxPathBytes: i32 = DEFAULT_MAX_PATH_BYTES;

  /** A template, if the field is present; `required` makes absence an error. */
  template(f: Field, phase: i32, skipField: Field, required: bool = true): Template | null {
    const src = f.string("", required);
    if (!f.present) return null;
    // As schema.json: no CR, LF or NUL anywhere in a template (a literal part would be sent as is).
    if (!isValidHeaderValue(src)) { f.error("must not contain CR, LF or NUL"); return null; }
    const r = compileTemplate(src, this.captureGroups, phase == 2);
    if (r.template === null) { f.error(r.error); return null; }
    const t = r.template!;
    t.skipOnMissing = skipField.oneOf(["empty", "skip"], this.skipDefault ? "skip" : "empty") == "skip";
    // phase 0 = request headers; 1 = request trailers; 2 = response: request headers come from a snapshot.
    for (let i = 0; i < t.parts.length; i++) {
      const p = unchecked(t.parts[i]);
      if (p.kind == PART_VIEW) this.viewMask |= 1 << p.index;
    }
    if (phase > 0) {
      const refs = t.requestHeaders();
      for (let i = 0; i < refs.length; i++) this.snapshot(refs[i]);
    }
    return t;
  }

  snapshot(p: Part): void {
    let slot = this.snapshotNames.indexOf(p.text);
    if (slot < 0) { slot = this.snapshotNames.length; this.snapshotNames.push(p.text); }
    p.slot = slot;
  }

  headerName(f: Field): string {
    const name = f.requiredString();
    if (name.length && !isValidHeaderName(name)) {
      f.error(name.startsWith(":") ? "pseudo-headers cannot be changed here (use path or host)" : "\"" + name + "\" is not a valid header name");
    }
    return asciiLower(name);
  }

  headerActions(list: Field, phase: i32): Array<HeaderAction> {
    const out = new Array<HeaderAction>();
    const items = list.items();
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      if (!a.isObject(true)) continue;
      a.allowOnly(["op", "name", "value", "to", "on_missing"]);
      const op = HEADER_OPS.indexOf(a.get("op").oneOf(HEADER_OPS, "set", true));
      const name = this.headerName(a.get("name"));
      let to = "";
      let value: Template | null = null;
      if (op == OP_RENAME) {
        to = this.headerName(a.get("to"));
        if (a.has("value")) a.get("value").error("not used by rename");
      } else if (op == OP_REMOVE) {
        if (a.has("value")) a.get("value").error("not used by remove");
      } else {
        value = this.template(a.get("value"), phase, a.get("on_missing"));
        if (a.has("to")) a.get("to").error("only used by rename");
      }
      out.push(new HeaderAction(op, name, to, value, a.path));
    }
    return out;
  }

  pathRewrite(f: Field): PathRewrite | null {
    if (!f.isObject()) return null;
    f.allowOnly(["prefix", "regex", "set", "on_missing"]);
    const which = f.exactlyOne(["prefix", "regex", "set"]);
    const r = new PathRewrite();
    r.where = f.path;
    if (which == "prefix") {
      const p = f.get("prefix");
      if (!p.isObject(true)) return null;
      p.allowOnly(["from", "to"]);
      r.kind = PATH_SET_PREFIX;
      r.from = p.get("from").requiredString();
      r.to = p.get("to").requiredString();
      if (r.from.length && r.from.charCodeAt(0) != 0x2F) p.get("from").error("must start with '/'");
      if (r.to.length && r.to.charCodeAt(0) != 0x2F) p.get("to").error("must start with '/'");
    } else if (which == "regex") {
      const p = f.get("regex");
      if (!p.isObject(true)) return null;
      p.allowOnly(["pattern", "substitution"]);
      r.kind = PATH_SET_REGEX;
      r.regex = readRegex(p.get("pattern"));
      r.substitution = p.get("substitution").string("", true);
      const re = r.regex;
      if (re !== null) {
        for (let i = 0; i + 1 < r.substitution.length; i++) {
          if (r.substitution.charCodeAt(i) != 0x5C) continue;
          const d = r.substitution.charCodeAt(i + 1) - 0x30;
          if (d >= 0 && d <= 9 && d > re.groupCount) p.get("substitution").error("\\" + d.toString() + " refers to a group the pattern does not have (" + re.groupCount.toString() + ")");
          i++;
        }
      }
    } else if (which == "set") {
      r.kind = PATH_SET_TEMPLATE;
      r.template = this.template(f.get("set"), 0, f.get("on_missing"));
    } else return null;
    return r;
  }

  queryActions(list: Field): Array<QueryAction> {
    const out = new Array<QueryAction>();
    const items = list.items();
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      if (!a.isObject(true)) continue;
      a.allowOnly(["op", "name", "value", "on_missing"]);
      const op = QUERY_OPS.indexOf(a.get("op").oneOf(QUERY_OPS, "add", true));
      const nf = a.get("name");
      const name = nf.requiredString();
      if (name.length && !isValidParamName(name)) nf.error("must be a query parameter name without & = # % ? or spaces");
      let value: Template | null = null;
      if (op == QUERY_REMOVE) { if (a.has("value")) a.get("value").error("not used by remove"); }
      else value = this.template(a.get("value"), 0, a.get("on_missing"));
      out.push(new QueryAction(op, name, value, a.path));
    }
    return out;
  }

  rule(f: Field, names: Array<string>): Rule {
    const rule = new Rule();
    this.captureGroups = -1;
    if (!f.isObject(true)) return rule;
    f.allowOnly(["name", "match", "request", "response"]);
    rule.name = readRuleName(f.get("name"), names);
    rule.match = readMatch(f.get("match"), this.maxPathBytes);
    if (rule.match.pathRegex !== null) this.captureGroups = rule.match.pathRegex!.groupCount;
    const req = f.get("request");
    if (req.isObject()) {
      req.allowOnly(["headers", "trailers", "path", "query", "host"]);
      rule.requestHeaders = this.headerActions(req.get("headers"), 0);
      rule.requestTrailers = this.headerActions(req.get("trailers"), 1);
      rule.path = this.pathRewrite(req.get("path"));
      rule.query = this.queryActions(req.get("query"));
      const host = req.get("host");
      rule.host = this.template(host, 0, host.get("on_missing"), false);
      rule.hostWhere = host.path;
    }
    const res = f.get("response");
    if (res.isObject()) {
      res.allowOnly(["headers", "trailers"]);
      rule.responseHeaders = this.headerActions(res.get("headers"), 2);
      rule.responseTrailers = this.headerActions(res.get("trailers"), 2);
    }
    // The request line parts this rule reads (the others are not fetched per request).
    const m = rule.match;
    if (m.readsPath || rule.path !== null || rule.query.length) this.viewMask |= 1 << VIEW_PATH;
    if (m.methods.length) this.viewMask |= 1 << VIEW_METHOD;
    if (m.hosts.length || rule.host !== null) this.viewMask |= 1 << VIEW_HOST;
    rule.late = rule.requestTrailers.length > 0 || rule.responseHeaders.length > 0 || rule.responseTrailers.length > 0;
    return rule;
  }
}

/** Reads and compiles the configuration; problems go to `errors` (the result is then unusable). */
export function readSettings(root: Field, errors: ConfigErrors): Settings {
  const s = new Settings();
  if (!root.isObject(true)) return s;
  root.allowOnly(["mode", "on_missing", "limits", "rules"]);
  s.maxPathBytes = readMaxPathBytes(root);
  s.firstOnly = root.get("mode").oneOf(["all", "first"], "all") == "first";
  const reader = new Reader();
  reader.maxPathBytes = s.maxPathBytes;
  reader.skipDefault = root.get("on_missing").oneOf(["empty", "skip"], "empty") == "skip";
  const rules = root.get("rules").items(true);
  const names = new Array<string>();
  for (let i = 0; i < rules.length; i++) {
    const rule = reader.rule(rules[i], names);
    // Every path up to the limit gets the full per-character step budget.
    if (rule.path !== null && rule.path!.regex !== null) rule.path!.regex!.allowInput(s.maxPathBytes);
    s.rules.push(rule);
  }
  s.snapshotNames = reader.snapshotNames;
  s.viewMask = reader.viewMask;
  if (errors.ok) {
    for (let i = 0; i < s.rules.length; i++) {
      const rule = s.rules[i];
      rule.counter = Counter.create("header_rewrite.rule." + rule.name + ".applied");
      const path = rule.path;
      if (path !== null && path.kind == PATH_SET_REGEX) path.limitCounter = Counter.create("header_rewrite.rule." + rule.name + ".path_regex_limit");
    }
    s.undecided = Counter.create("header_rewrite.undecided");
  }
  return s;
}
