// The `match` object of a filter configuration (match.schema.json), read and compiled once at
// configure time: regexes anchored and sized, hosts lower-cased, header names checked.
import { JsonKind } from "../../sdk/json";
import { asciiLower, isValidHeaderName } from "../../sdk/util";
import { Field } from "../config";
import { Regex } from "../regex";
import { HEADER_ABSENT, HEADER_EXACT, HEADER_PRESENT, HEADER_REGEX, HeaderMatch } from "./headers";
import { hostPattern } from "./host";
import { Match, PATH_EXACT, PATH_PREFIX, PATH_REGEX } from "./match";
import { QueryMatch, isValidParamName } from "./query";

/** The request methods a `match.method` list may name. */
export const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

/** The members of a `match` object. */
export const MATCH_FIELDS = ["path", "method", "host", "headers", "query"];

/**
 * Compiles the regex at `f` (a non-empty string); `anchored` makes it match the whole input.
 * Null, with the problem recorded at `f`, when it is missing, empty or does not compile.
 */
export function readRegex(f: Field, anchored: bool = false): Regex | null {
  const src = f.requiredString();
  if (!f.present || src.length == 0) return null;
  const r = Regex.compile(src);
  if (r.regex === null) { f.error(r.error); return null; }
  if (!anchored) return r.regex;
  // Compiled on its own first so that an error names the pattern as written, and so that a
  // pattern like "a)|(b" cannot pair up with the anchoring group.
  const whole = Regex.compile("^(?:" + src + ")$");
  if (whole.regex === null) f.error(whole.error);
  return whole.regex;
}

/**
 * Reads a `match` object (absent = match every request) into a Match; problems are recorded
 * with their field paths. A path regex gets the full step budget for a path of `maxPathBytes`.
 */
export function readMatch(f: Field, maxPathBytes: i32): Match {
  const m = new Match();
  if (!f.isObject()) return m;
  f.allowOnly(MATCH_FIELDS);
  readPath(f.get("path"), m, maxPathBytes);
  const methods = f.get("method").items(false, 1);
  for (let i = 0; i < methods.length; i++) m.methods.push(methods[i].oneOf(METHODS, "GET", true));
  readHosts(f.get("host"), m);
  readHeaders(f.get("headers"), m);
  readQuery(f.get("query"), m);
  return m;
}

function readPath(path: Field, m: Match, maxPathBytes: i32): void {
  if (!path.isObject()) return;
  path.allowOnly(["exact", "prefix", "regex"]);
  const which = path.exactlyOne(["exact", "prefix", "regex"]);
  if (which == "regex") {
    m.pathKind = PATH_REGEX;
    // Whole-path match, as Envoy's safe_regex route matching.
    m.pathRegex = readRegex(path.get("regex"), true);
    if (m.pathRegex !== null) m.pathRegex!.allowInput(maxPathBytes);
  } else if (which.length) {
    m.pathKind = which == "exact" ? PATH_EXACT : PATH_PREFIX;
    const p = path.get(which);
    m.path = p.requiredString();
    if (m.path.length && m.path.charCodeAt(0) != 0x2F) p.error("must start with '/'");
  }
}

/** `host`: one host name or a list of them. */
function readHosts(host: Field, m: Match): void {
  if (!host.present) return;
  const list = host.value!.kind == JsonKind.String ? [host] : host.items(false, 1);
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    const name = h.requiredString();
    if (name.length == 0) continue;
    const p = hostPattern(name);
    if (p === null) h.error("must be a host name without port; only a leading '*.' wildcard is allowed");
    else m.hosts.push(p);
  }
}

/** Reads `present: true` / `absent: true`; true for present. */
function presence(f: Field, which: string): bool {
  if (!f.get(which).bool(true)) f.get(which).error("must be true (use " + (which == "present" ? "absent" : "present") + " instead)");
  return which == "present";
}

function readHeaders(list: Field, m: Match): void {
  const headers = list.items();
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i];
    if (!h.isObject(true)) continue;
    h.allowOnly(["name", "present", "absent", "exact", "regex"]);
    const nf = h.get("name");
    const name = asciiLower(nf.requiredString());
    if (name.length && !isValidHeaderName(name.startsWith(":") ? name.substring(1) : name)) nf.error("\"" + name + "\" is not a valid header name");
    const which = h.exactlyOne(["present", "absent", "exact", "regex"]);
    if (which == "present" || which == "absent") m.headers.push(new HeaderMatch(name, presence(h, which) ? HEADER_PRESENT : HEADER_ABSENT, "", null));
    else if (which == "exact") m.headers.push(new HeaderMatch(name, HEADER_EXACT, h.get("exact").string("", true), null));
    else if (which == "regex") m.headers.push(new HeaderMatch(name, HEADER_REGEX, "", readRegex(h.get("regex"))));
  }
}

function readQuery(list: Field, m: Match): void {
  const query = list.items();
  for (let i = 0; i < query.length; i++) {
    const q = query[i];
    if (!q.isObject(true)) continue;
    q.allowOnly(["name", "present", "absent", "exact"]);
    const nf = q.get("name");
    const name = nf.requiredString();
    if (name.length && !isValidParamName(name)) nf.error("must be a query parameter name without & = # % ? or spaces");
    const which = q.exactlyOne(["present", "absent", "exact"]);
    if (which == "present" || which == "absent") m.query.push(new QueryMatch(name, presence(q, which) ? HEADER_PRESENT : HEADER_ABSENT, ""));
    else if (which == "exact") m.query.push(new QueryMatch(name, HEADER_EXACT, q.get("exact").string("", true)));
  }
}
