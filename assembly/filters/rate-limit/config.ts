// Configuration → compiled rules. Everything the request path needs is computed here once: the
// match, key sources, limits in integer units, slot tables, header names, metrics. Every problem
// is reported with its field path (assembly/lib/config), matching schema.json.
import { Counter, HeaderPair } from "envoy-as";
import { asciiLower, isValidHeaderName, isValidHeaderValue } from "envoy-as/sdk/util";
import { ConfigErrors, Field, readRuleName } from "envoy-as/lib/config";
import { DEFAULT_MAX_PATH_BYTES, readMaxPathBytes } from "envoy-as/lib/limits";
import { Match, readMatch } from "envoy-as/lib/match";
import { Bucket, Limit, slotKeyBytes } from "./bucket";

export const SOURCES = ["client_ip", "header", "query", "path", "consumer", "constant"];
export const SRC_CLIENT_IP: i32 = 0;
export const SRC_HEADER: i32 = 1;
export const SRC_QUERY: i32 = 2;
export const SRC_PATH: i32 = 3;
export const SRC_CONSUMER: i32 = 4;
export const SRC_CONSTANT: i32 = 5;
const DEFAULT_DESCRIPTOR_KEYS = ["remote_address", "", "", "path", "consumer", "generic_key"];
const PERIODS = ["second", "minute", "hour", "day"];
const PERIOD_MS: StaticArray<i64> = [1000, 60000, 3600000, 86400000];
export const MAX_SLOTS: i64 = 65536;
export const DEFAULT_SLOTS: i64 = 1024;
/** Longest shared_data_prefix (every slot name carries it; schema.json: maxLength). */
export const MAX_PREFIX_LENGTH: i32 = 128;
/** Most rules (schema.json: maxItems), so at most MAX_RULES × MAX_SLOTS slots in all. */
export const MAX_RULES: i32 = 32;

/** One part of a rule's key. */
export class KeySource {
  constructor(public kind: i32, public name: string, public value: string, public descriptorKey: string) {}
}

export class Rule {
  name: string = "";
  match: Match = new Match();
  key: Array<KeySource> = [];
  needsClientIp: bool = false;
  /** A local rule keyed by constants only: its slot key bytes, computed once. */
  constantKey: ArrayBuffer | null = null;
  /** Local rules: the slot table and limits. Null for global rules. */
  bucket: Bucket | null = null;
  global: bool = false;
  dryRun: bool = false;
  admitted: Counter | null = null;
  limited: Counter | null = null;
  /** Requests the match could not decide (counted against the rule as matches). */
  undecided: Counter | null = null;
}

export class Settings {
  rules: Array<Rule> = [];
  hasGlobal: bool = false;
  /** limits.max_path_bytes: a longer :path leaves every path condition undecided. */
  maxPathBytes: i32 = DEFAULT_MAX_PATH_BYTES;
  xffTrustedHops: i32 = 0;
  consumerHeader: string = "x-consumer";
  status: u32 = 429;
  body: string = "";
  responseHeaders: Array<HeaderPair> = [];
  xRateLimit: bool = true;
  ietf: bool = false;
  onAdmitted: bool = true;
  retryAfter: bool = true;
  // global mode
  cluster: string = "";
  domain: string = "";
  timeoutMs: u32 = 100;
  failureDeny: bool = false;
  statusOnError: u32 = 500;
  maxAttempts: i32 = 64;
  evictions: Counter | null = null;
  storeErrors: Counter | null = null;
  globalErrors: Counter | null = null;
}

function headerName(f: Field): string {
  const name = asciiLower(f.requiredString());
  if (name.length && !isValidHeaderName(name.startsWith(":") ? name.substring(1) : name)) f.error("\"" + name + "\" is not a valid header name");
  return name;
}

/** The bucket key of a constants-only key, built as index.ts builds any key. */
function constantKeyString(k: Array<KeySource>): string {
  if (k.length == 1) return k[0].value;
  let out = "";
  for (let i = 0; i < k.length; i++) out += k[i].value.length.toString() + ":" + k[i].value;
  return out;
}

function readKey(list: Field, rule: Rule, s: Settings): void {
  const items = list.items(true, 1);
  for (let i = 0; i < items.length; i++) {
    const k = items[i];
    if (!k.isObject(true)) continue;
    k.allowOnly(["source", "name", "value", "descriptor_key"]);
    const kind = SOURCES.indexOf(k.get("source").oneOf(SOURCES, "constant", true));
    let name = "";
    let value = "";
    if (kind == SRC_HEADER) name = headerName(k.get("name"));
    else if (kind == SRC_QUERY) {
      const nf = k.get("name");
      name = nf.requiredString();
      for (let j = 0; j < name.length; j++) {
        const c = name.charCodeAt(j);
        if (c <= 0x20 || c >= 0x7F || c == 0x26 || c == 0x3D || c == 0x23 || c == 0x3F) { nf.error("must be a query parameter name without & = # ? or spaces"); break; }
      }
    } else if (kind == SRC_CONSUMER) {
      name = k.has("name") ? headerName(k.get("name")) : s.consumerHeader;
    } else if (kind == SRC_CONSTANT) {
      value = k.get("value").string("all");
      if (k.has("name")) k.get("name").error("not used by source constant (use value)");
    } else if (k.has("name")) k.get("name").error("not used by source " + SOURCES[kind]);
    if (kind != SRC_CONSTANT && k.has("value")) k.get("value").error("only used by source constant");
    if (kind == SRC_CLIENT_IP) rule.needsClientIp = true;
    let dk = kind >= 0 ? DEFAULT_DESCRIPTOR_KEYS[kind] : "";
    if (dk.length == 0) dk = name;
    const df = k.get("descriptor_key");
    if (df.present) dk = df.requiredString();
    rule.key.push(new KeySource(kind, name, value, dk));
  }
}

function readLimits(list: Field, rule: Rule, prefix: string, slotsField: Field, slotsDefault: i64): void {
  const items = list.items(true, 1);
  if (items.length > 8) list.error("at most 8 limits per rule");
  const limits = new Array<Limit>();
  let fp: u32 = 0x811c9dc5;
  for (let i = 0; i < items.length; i++) {
    const l = items[i];
    if (!l.isObject(true)) continue;
    l.allowOnly(["requests", "per", "burst"]);
    const rf = l.get("requests");
    if (!rf.present) rf.error("is required");
    const requests = rf.int(1, 1, 1000000000);
    const per = PERIODS.indexOf(l.get("per").oneOf(PERIODS, "second", true));
    const burst = l.get("burst").int(requests, 1, 1000000000);
    const periodMs = PERIOD_MS[per < 0 ? 0 : per];
    limits.push(new Limit(requests, periodMs, burst));
    fp = (fp ^ <u32>requests) * 16777619;
    fp = (fp ^ <u32>(periodMs / 1000)) * 16777619;
    fp = (fp ^ <u32>burst) * 16777619;
  }
  if (fp == 0) fp = 1;
  const slots = <i32>slotsField.int(slotsDefault, 1, MAX_SLOTS);
  rule.bucket = new Bucket(prefix + rule.name + "/", slots, limits, fp);
}

/** Reads and compiles the configuration; problems go to `errors` (the result is then unusable). */
export function readSettings(root: Field, errors: ConfigErrors): Settings {
  const s = new Settings();
  if (!root.isObject(true)) return s;
  root.allowOnly(["dry_run", "shared_data_prefix", "client_ip", "consumer_header", "headers", "response", "global", "limits", "rules"]);
  s.maxPathBytes = readMaxPathBytes(root);
  const dryRun = root.get("dry_run").bool(false);
  const pf = root.get("shared_data_prefix");
  const prefix = pf.present ? pf.requiredString() : "rate-limit/";
  if (prefix.length > MAX_PREFIX_LENGTH) pf.error("must be at most " + MAX_PREFIX_LENGTH.toString() + " characters (got " + prefix.length.toString() + ")");
  const ip = root.get("client_ip");
  if (ip.isObject()) {
    ip.allowOnly(["xff_trusted_hops"]);
    s.xffTrustedHops = <i32>ip.get("xff_trusted_hops").int(0, 0, 16);
  }
  if (root.has("consumer_header")) s.consumerHeader = headerName(root.get("consumer_header"));

  const h = root.get("headers");
  if (h.isObject()) {
    h.allowOnly(["x_ratelimit", "ietf", "on_admitted", "retry_after"]);
    s.xRateLimit = h.get("x_ratelimit").bool(true);
    s.ietf = h.get("ietf").bool(false);
    s.onAdmitted = h.get("on_admitted").bool(true);
    s.retryAfter = h.get("retry_after").bool(true);
  }
  const r = root.get("response");
  s.body = "rate limit exceeded\n";
  s.responseHeaders.push(new HeaderPair("content-type", "text/plain"));
  if (r.isObject()) {
    r.allowOnly(["status", "body", "headers"]);
    s.status = <u32>r.get("status").int(429, 200, 599);
    s.body = r.get("body").string(s.body);
    const hf = r.get("headers");
    if (hf.isObject()) {
      s.responseHeaders = [];
      const v = hf.value!;
      for (let i = 0; i < v.keys.length; i++) {
        const key = v.keys[i];
        const f = hf.get(key);
        if (!isValidHeaderName(key) || key.startsWith(":")) f.error("\"" + key + "\" is not a valid header name");
        const value = f.string("", true);
        if (!isValidHeaderValue(value)) f.error("must not contain CR, LF or NUL");
        s.responseHeaders.push(new HeaderPair(asciiLower(key), value));
      }
    }
  }

  const g = root.get("global");
  const hasGlobalBlock = g.isObject();
  if (hasGlobalBlock) {
    g.allowOnly(["cluster", "domain", "timeout_ms", "failure_mode", "status_on_error"]);
    s.cluster = g.get("cluster").requiredString();
    s.domain = g.get("domain").requiredString();
    s.timeoutMs = <u32>g.get("timeout_ms").int(100, 1, 60000);
    s.failureDeny = g.get("failure_mode").oneOf(["allow", "deny"], "allow") == "deny";
    s.statusOnError = <u32>g.get("status_on_error").int(500, 200, 599);
  }

  const rulesField = root.get("rules");
  const rules = rulesField.items(true, 1);
  if (rules.length > MAX_RULES) {
    // Checked before any rule is read: each one reserves up to MAX_SLOTS slots.
    rulesField.error("must have at most " + MAX_RULES.toString() + " rules (got " + rules.length.toString() + ")");
    return s;
  }
  const names = new Array<string>();
  for (let i = 0; i < rules.length; i++) {
    const f = rules[i];
    const rule = new Rule();
    if (!f.isObject(true)) continue;
    f.allowOnly(["name", "match", "key", "limits", "max_keys", "global", "dry_run"]);
    rule.name = readRuleName(f.get("name"), names);
    rule.match = readMatch(f.get("match"), s.maxPathBytes);
    readKey(f.get("key"), rule, s);
    rule.dryRun = dryRun || f.get("dry_run").bool(false);
    rule.global = f.get("global").bool(false);
    if (rule.global) {
      s.hasGlobal = true;
      if (!hasGlobalBlock) f.get("global").error("needs the top-level \"global\" block (cluster, domain)");
      if (f.has("limits")) f.get("limits").error("not used by global rules: the rate limit service holds the limits");
      if (f.has("max_keys")) f.get("max_keys").error("not used by global rules");
    } else {
      // A key of constants only is one bucket: one slot is enough.
      let constantOnly = true;
      for (let k = 0; k < rule.key.length; k++) if (rule.key[k].kind != SRC_CONSTANT) constantOnly = false;
      readLimits(f.get("limits"), rule, prefix, f.get("max_keys"), constantOnly ? 1 : DEFAULT_SLOTS);
      if (constantOnly && rule.key.length) rule.constantKey = slotKeyBytes(constantKeyString(rule.key));
      for (let k = 0; k < rule.key.length; k++) {
        const kf = f.get("key").at(k);
        if (kf.has("descriptor_key")) kf.get("descriptor_key").error("only used by global rules");
      }
    }
    s.rules.push(rule);
  }
  if (errors.ok) {
    for (let i = 0; i < s.rules.length; i++) {
      const rule = s.rules[i];
      rule.admitted = Counter.create("rate_limit.rule." + rule.name + ".admitted");
      rule.limited = Counter.create("rate_limit.rule." + rule.name + ".limited");
      rule.undecided = Counter.create("rate_limit.rule." + rule.name + ".undecided");
    }
    s.evictions = Counter.create("rate_limit.evictions");
    s.storeErrors = Counter.create("rate_limit.store_errors");
    if (s.hasGlobal) s.globalErrors = Counter.create("rate_limit.global.errors");
  }
  return s;
}

