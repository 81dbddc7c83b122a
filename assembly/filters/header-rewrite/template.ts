// Value templates: literal text with ${…} references, compiled once at configure time into
// parts, rendered per request with one host call per reference and no parsing.
//
//   ${request.header.<name>}   a request header (first value)
//   ${request.path} ${request.method} ${request.host} ${request.scheme}
//                              the request as the filter received it (:path with its query)
//   ${response.header.<name>}  a response header (response actions only)
//   ${property.<a.b.c>}        an Envoy attribute, e.g. property.source.address, property.request.id,
//                              property.xds.route_name (integers such as source.port as decimal)
//   ${path.capture.<N>}        group N of the rule's match.path.regex (0 = the whole match)
//   $$                         a literal $
import { PropertyPath, StringBuilder, request, response } from "envoy-as";
import { asciiLower, isValidHeaderName } from "envoy-as/sdk/util";

export const PART_LITERAL: i32 = 0;
export const PART_REQUEST_HEADER: i32 = 1;
export const PART_RESPONSE_HEADER: i32 = 2;
export const PART_PROPERTY: i32 = 3;
export const PART_CAPTURE: i32 = 4;
export const PART_VIEW: i32 = 5; // path, method, host or scheme as received

export const VIEW_PATH: i32 = 0;
export const VIEW_METHOD: i32 = 1;
export const VIEW_HOST: i32 = 2;
export const VIEW_SCHEME: i32 = 3;

/** Properties Envoy serializes as 8-byte integers (rendered in decimal) or 1-byte booleans. */
const INT_PROPERTIES = [
  "source.port", "destination.port", "upstream.port", "response.code", "connection.id", "request.size",
  "request.total_size", "response.size", "response.total_size", "request.duration", "response.backend_latency",
  "response.grpc_status", "response.flags", "request.time",
];
const BOOL_PROPERTIES = ["connection.mtls"];

export class Part {
  kind: i32 = PART_LITERAL;
  text: string = "";
  /** For request headers in late phases: index into the stream's snapshot. */
  slot: i32 = -1;
  index: i32 = 0;
  property: PropertyPath | null = null;
  /** 0 string, 1 integer, 2 boolean. */
  propertyType: i32 = 0;
}

/** What a template sees while rendering: the stream's state for this rule. */
export class RenderContext {
  /** :path, :method, :authority, :scheme as received (null if absent or read by no rule). */
  view: StaticArray<string | null>;
  /** The path (without query) the rule's regex matched, and its group slots. */
  capturePath: string = "";
  captures: StaticArray<i32> | null = null;
  /** Request header values kept for late phases (trailers, response). */
  snapshot: Array<string | null> | null = null;
  /** True after the request headers phase: request headers come from the snapshot. */
  late: bool = false;

  constructor(view: StaticArray<string | null> = new StaticArray<string | null>(4)) {
    this.view = view;
  }
}

export class Template {
  parts: Array<Part> = [];
  /** The whole value when it has no references (rendered without allocating). */
  literal: string | null = null;
  /** Skip the action (instead of substituting "") when a reference is absent. */
  skipOnMissing: bool = false;

  /** Request header names this template reads (for the late-phase snapshot). */
  requestHeaders(): Array<Part> {
    const out = new Array<Part>();
    for (let i = 0; i < this.parts.length; i++) if (this.parts[i].kind == PART_REQUEST_HEADER) out.push(this.parts[i]);
    return out;
  }

  /** The value, or null when a reference is absent and skipOnMissing is set. */
  render(ctx: RenderContext): string | null {
    const lit = this.literal;
    if (lit !== null) return lit;
    const parts = this.parts;
    if (parts.length == 1) {
      const v = resolve(unchecked(parts[0]), ctx);
      return v !== null ? v : this.skipOnMissing ? null : "";
    }
    // One buffer, not `out += v`: the values are request data (a header can be 60 KiB), and
    // repeated concatenation would cost parts² × value in memory before anything is collected.
    const out = new StringBuilder(64);
    for (let i = 0; i < parts.length; i++) {
      const v = resolve(unchecked(parts[i]), ctx);
      if (v === null) {
        if (this.skipOnMissing) return null;
        continue;
      }
      out.append(v);
    }
    return out.toString();
  }
}

function resolve(p: Part, ctx: RenderContext): string | null {
  switch (p.kind) {
    case PART_LITERAL: return p.text;
    case PART_VIEW: return ctx.view[p.index];
    case PART_REQUEST_HEADER: {
      if (!ctx.late) return request.headers.get(p.text);
      const snap = ctx.snapshot;
      return snap === null || p.slot < 0 ? null : snap[p.slot];
    }
    case PART_RESPONSE_HEADER: return response.headers.get(p.text);
    case PART_CAPTURE: {
      const caps = ctx.captures;
      if (caps === null || (p.index << 1) >= caps.length) return null;
      const s = caps[p.index << 1];
      return s < 0 ? null : ctx.capturePath.substring(s, caps[(p.index << 1) + 1]);
    }
    case PART_PROPERTY: {
      const prop = p.property!;
      if (p.propertyType == 1) {
        const bytes = prop.get();
        return bytes === null || bytes.byteLength != 8 ? null : load<i64>(changetype<usize>(bytes)).toString();
      }
      if (p.propertyType == 2) {
        const bytes = prop.get();
        return bytes === null || bytes.byteLength != 1 ? null : (load<u8>(changetype<usize>(bytes)) != 0 ? "true" : "false");
      }
      return prop.getString();
    }
  }
  return null;
}

/** Result of compiling a template: the template or an error message. */
export class TemplateResult {
  constructor(public template: Template | null, public error: string) {}
}

/**
 * Compiles `src`. `captureGroups` is the number of groups of the rule's path regex (-1 if it
 * has none); `responsePhase` allows ${response.header.*}.
 */
export function compileTemplate(src: string, captureGroups: i32, responsePhase: bool): TemplateResult {
  const t = new Template();
  let lit = "";
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c != 0x24) { // $
      const next = src.indexOf("$", i);
      const end = next < 0 ? src.length : next;
      lit += src.substring(i, end);
      i = end;
      continue;
    }
    if (i + 1 < src.length && src.charCodeAt(i + 1) == 0x24) { lit += "$"; i += 2; continue; }
    if (i + 1 >= src.length || src.charCodeAt(i + 1) != 0x7B) return new TemplateResult(null, "'$' at offset " + i.toString() + " must start ${…} (write $$ for a literal $)");
    const close = src.indexOf("}", i + 2);
    if (close < 0) return new TemplateResult(null, "unterminated ${ at offset " + i.toString());
    const name = src.substring(i + 2, close);
    const part = new Part();
    const err = reference(name, part, captureGroups, responsePhase);
    if (err.length) return new TemplateResult(null, err);
    if (lit.length) { const l = new Part(); l.text = lit; t.parts.push(l); lit = ""; }
    t.parts.push(part);
    i = close + 1;
  }
  if (t.parts.length == 0) t.literal = lit;
  else if (lit.length) { const l = new Part(); l.text = lit; t.parts.push(l); }
  return new TemplateResult(t, "");
}

const VARIABLES = "request.header.<name>, request.path, request.method, request.host, request.scheme, response.header.<name>, property.<path>, path.capture.<n>";

function reference(name: string, part: Part, captureGroups: i32, responsePhase: bool): string {
  if (name == "request.path") { part.kind = PART_VIEW; part.index = VIEW_PATH; return ""; }
  if (name == "request.method") { part.kind = PART_VIEW; part.index = VIEW_METHOD; return ""; }
  if (name == "request.host") { part.kind = PART_VIEW; part.index = VIEW_HOST; return ""; }
  if (name == "request.scheme") { part.kind = PART_VIEW; part.index = VIEW_SCHEME; return ""; }
  if (name.startsWith("request.header.") || name.startsWith("response.header.")) {
    const isResponse = name.startsWith("response.");
    const header = name.substring(isResponse ? 16 : 15);
    if (!isValidHeaderName(header)) return "${" + name + "}: \"" + header + "\" is not a valid header name";
    if (isResponse && !responsePhase) return "${" + name + "}: response headers are only available in response actions";
    part.kind = isResponse ? PART_RESPONSE_HEADER : PART_REQUEST_HEADER;
    part.text = asciiLower(header);
    return "";
  }
  if (name.startsWith("property.")) {
    const path = name.substring(9);
    const segments = path.split(".");
    for (let k = 0; k < segments.length; k++) if (segments[k].length == 0) return "${" + name + "}: empty property path segment";
    part.kind = PART_PROPERTY;
    part.property = new PropertyPath(segments);
    part.propertyType = INT_PROPERTIES.includes(path) ? 1 : BOOL_PROPERTIES.includes(path) ? 2 : 0;
    return "";
  }
  if (name.startsWith("path.capture.")) {
    const digits = name.substring(13);
    let n = 0;
    if (digits.length == 0 || digits.length > 2) return "${" + name + "}: expected a group number";
    for (let k = 0; k < digits.length; k++) {
      const d = digits.charCodeAt(k) - 0x30;
      if (d < 0 || d > 9) return "${" + name + "}: expected a group number";
      n = n * 10 + d;
    }
    if (captureGroups < 0) return "${" + name + "}: the rule has no match.path.regex to capture from";
    if (n > captureGroups) return "${" + name + "}: match.path.regex has only " + captureGroups.toString() + " group" + (captureGroups == 1 ? "" : "s");
    part.kind = PART_CAPTURE;
    part.index = n;
    return "";
  }
  return "unknown variable ${" + name + "} (expected " + VARIABLES + ")";
}
