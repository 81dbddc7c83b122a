// Configuration → prepared providers and rules. Keys are imported (Montgomery constants, curve
// tables, HMAC pads), password hashes parsed, regexes compiled, header names checked, all here,
// once; every problem is reported with its field path, matching schema.json.
import { JsonKind, Json, asciiLower, isValidHeaderName, log } from "envoy-as";
import { ConfigErrors, Field } from "envoy-as/lib/config";
import { DEFAULT_MAX_PATH_BYTES, readMaxPathBytes } from "envoy-as/lib/limits";
import { PublicKey, algMatchesKey, hexDecode, sha256 } from "envoy-as/lib/crypto";
import { readMatch } from "envoy-as/lib/match";
import { ApiKeyEntry, ApiKeyProvider } from "./apikey";
import { BasicProvider, BasicUser, parsePasswordHash } from "./basic";
import { CLAIM_CONTAINS, CLAIM_EQUALS, CLAIM_PRESENT, ClaimCondition, ClaimPath } from "./claims";
import { FROM_COOKIE, FROM_HEADER, FROM_QUERY, Source } from "./extract";
import { ExtAuthzProvider } from "./extauthz";
import { loadJwks } from "./jwks";
import { ClaimHeader, JwtProvider, RemoteJwks, SUPPORTED_ALGS, TokenCache } from "./jwt";
import { Provider } from "./provider";
import { KIND_EXT_AUTHZ } from "./types";
import {
  ACTION_ALLOW, ACTION_DENY, ACTION_REQUIRE, REQ_ALL, REQ_ANY, REQ_PROVIDER,
  Requirement, Rule,
} from "./rules";

const MAX_REQUIREMENT_DEPTH = 8;
/** Largest ext_authz.with_request_body.max_bytes (the body is copied into the filter once). */
const MAX_AUTHZ_BODY: i64 = 1048576;

export class Settings {
  providers: Array<Provider> = [];
  rules: Array<Rule> = [];
  defaultAllow: bool = false;
  consumerHeader: string = "x-consumer";
  /** Headers the filter writes upstream: removed from every incoming request first. */
  stripHeaders: Array<string> = [];
  needsTicks: bool = false;
  /** Some ext-authz provider takes the request body (the body wait is checked on ticks). */
  collectsBodies: bool = false;
  tickMs: u32 = 1000;
  /** limits.max_path_bytes: a longer :path (with its query) is denied 414 before any rule. */
  maxPathBytes: i32 = DEFAULT_MAX_PATH_BYTES;
}

function isName(s: string): bool {
  if (s.length == 0 || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D)) return false;
  }
  return true;
}

/** An output header name: a valid, non-pseudo header name, lower-cased. */
function headerName(f: Field): string {
  const name = f.requiredString();
  if (name.length && !isValidHeaderName(name)) f.error("\"" + name + "\" is not a valid header name");
  return asciiLower(name);
}

function stringList(f: Field, lower: bool = false): Array<string> {
  const out = new Array<string>();
  if (f.present && f.value!.kind == JsonKind.String) { out.push(lower ? asciiLower(f.requiredString()) : f.requiredString()); return out; }
  const items = f.items();
  for (let i = 0; i < items.length; i++) {
    const s = items[i].requiredString();
    out.push(lower ? asciiLower(s) : s);
  }
  return out;
}

function headerList(f: Field): Array<string> {
  const out = new Array<string>();
  const items = f.items();
  for (let i = 0; i < items.length; i++) out.push(headerName(items[i]));
  return out;
}

function sources(f: Field, fallback: Array<Source>): Array<Source> {
  if (!f.present) return fallback;
  const out = new Array<Source>();
  const items = f.items(false, 1);
  for (let i = 0; i < items.length; i++) {
    const s = items[i];
    if (!s.isObject(true)) continue;
    s.allowOnly(["header", "prefix", "query", "cookie"]);
    const which = s.exactlyOne(["header", "query", "cookie"]);
    if (which == "header") {
      const name = headerName(s.get("header"));
      if (name.startsWith(":")) s.get("header").error("pseudo-headers cannot carry credentials");
      out.push(new Source(FROM_HEADER, name, s.get("prefix").string("")));
    } else {
      if (s.has("prefix")) s.get("prefix").error("only used with header");
      if (which == "query") out.push(new Source(FROM_QUERY, s.get("query").requiredString(), ""));
      else if (which == "cookie") out.push(new Source(FROM_COOKIE, s.get("cookie").requiredString(), ""));
    }
  }
  return out;
}

function readJwt(f: Field, name: string): JwtProvider {
  const p = new JwtProvider(name);
  f.allowOnly([
    "issuer", "audiences", "algorithms", "jwks", "remote_jwks", "from", "clock_skew_s", "require_exp", "typ", "max_token_bytes",
    "forward", "claims_to_headers", "payload_header", "consumer_claim", "realm", "cache",
  ]);
  p.issuers = stringList(f.get("issuer"));
  p.audiences = stringList(f.get("audiences"));
  if (f.has("algorithms")) {
    const algs = new Array<string>();
    const items = f.get("algorithms").items(false, 1);
    for (let i = 0; i < items.length; i++) {
      const a = items[i].requiredString();
      if (a == "none") items[i].error("\"none\" (unsigned tokens) is never accepted");
      else if (!SUPPORTED_ALGS.includes(a)) items[i].error("unknown algorithm " + a + " (supported: " + SUPPORTED_ALGS.join(", ") + ")");
      else algs.push(a);
    }
    p.algorithms = algs;
  }
  p.sources = sources(f.get("from"), p.sources);
  p.clockSkew = <f64>f.get("clock_skew_s").int(60, 0, 600);
  p.requireExp = f.get("require_exp").bool(true);
  if (f.has("typ")) p.typ = f.get("typ").requiredString();
  p.maxTokenBytes = <i32>f.get("max_token_bytes").int(8192, 256, 65536);
  p.forward = f.get("forward").bool(false);
  p.realm = f.get("realm").string("");
  const claims = f.get("claims_to_headers").items();
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i];
    if (!c.isObject(true)) continue;
    c.allowOnly(["claim", "header"]);
    p.claimHeaders.push(new ClaimHeader(new ClaimPath(c.get("claim").requiredString()), headerName(c.get("header"))));
  }
  if (f.has("payload_header")) p.payloadHeader = headerName(f.get("payload_header"));
  if (f.has("consumer_claim")) p.consumerClaim = new ClaimPath(f.get("consumer_claim").requiredString());
  const cache = f.get("cache");
  if (cache.isObject()) {
    cache.allowOnly(["max_entries"]);
    p.cache = new TokenCache(<i32>cache.get("max_entries").int(500, 0, 100000));
  }

  const which = f.exactlyOne(["jwks", "remote_jwks"]);
  if (which == "jwks") {
    const jf = f.get("jwks");
    let v = jf.value;
    if (v !== null && v.kind == JsonKind.String) {
      const parsed = Json.parse(v.str);
      if (parsed.value === null) { jf.error("not valid JSON: " + parsed.error + " at offset " + parsed.offset.toString()); v = null; }
      else v = parsed.value;
    } else if (v !== null && v.kind != JsonKind.Object) { jf.error("must be a JWK Set object or its JSON text"); v = null; }
    if (v !== null) {
      const load = loadJwks(v);
      for (let i = 0; i < load.errors.length; i++) jf.error(load.errors[i]);
      for (let i = 0; i < load.skipped.length; i++) log.warn("auth: " + jf.path + ": " + load.skipped[i] + "; key skipped");
      for (let i = 0; i < load.warnings.length; i++) log.warn("auth: " + jf.path + ": " + load.warnings[i]);
      for (let i = 0; i < load.keys.length; i++) {
        const key = load.keys[i];
        if (key.secret !== null && key.secret!.length < 32) jf.error("keys[" + load.positions[i].toString() + "].k: HMAC secrets must have at least 256 bits");
        p.keys.push(key);
      }
      if (load.errors.length == 0 && load.keys.length == 0) {
        jf.error(load.skipped.length ? "keys: no key can verify signatures (every key was skipped, see the warnings)" : "keys: at least one key is required");
      }
      checkUsable(p, jf);
    }
  } else if (which == "remote_jwks") {
    const rf = f.get("remote_jwks");
    if (rf.isObject(true)) {
      rf.allowOnly(["cluster", "path", "authority", "timeout_ms", "cache_duration_s", "min_refetch_interval_s", "retry_interval_s", "on_unavailable", "max_waiting"]);
      const r = new RemoteJwks();
      r.cluster = rf.get("cluster").requiredString();
      r.path = rf.get("path").requiredString();
      if (r.path.length && r.path.charCodeAt(0) != 0x2F) rf.get("path").error("must start with '/'");
      r.authority = rf.has("authority") ? rf.get("authority").requiredString() : r.cluster;
      r.timeoutMs = <u32>rf.get("timeout_ms").int(5000, 1, 60000);
      r.cacheSeconds = <f64>rf.get("cache_duration_s").int(600, 1, 604800);
      r.minRefetchSeconds = <f64>rf.get("min_refetch_interval_s").int(30, 0, 86400);
      r.retrySeconds = <f64>rf.get("retry_interval_s").int(10, 1, 3600);
      r.waitForKeys = rf.get("on_unavailable").oneOf(["wait", "deny"], "wait") == "wait";
      r.maxWaiting = <i32>rf.get("max_waiting").int(1000, 0, 100000);
      p.remote = r;
    }
  }
  return p;
}

/** An inline JWKS must hold a key some allowed algorithm can use. */
function checkUsable(p: JwtProvider, f: Field): void {
  if (p.keys.length == 0) return;
  for (let k = 0; k < p.keys.length; k++) {
    const key: PublicKey = p.keys[k];
    for (let a = 0; a < p.algorithms.length; a++) {
      const alg = p.algorithms[a];
      if (algMatchesKey(alg, key) && (key.alg === null || key.alg! == alg)) return;
    }
  }
  f.error("no key can verify any of the allowed algorithms (" + p.algorithms.join(", ") + ")");
}

function readApiKey(f: Field, name: string): ApiKeyProvider {
  const p = new ApiKeyProvider(name);
  f.allowOnly(["from", "consumers", "forward", "realm"]);
  p.sources = sources(f.get("from"), p.sources);
  p.forward = f.get("forward").bool(false);
  p.realm = f.get("realm").string("");
  const consumers = f.get("consumers").items(true, 1);
  const seen = new Array<string>();
  for (let i = 0; i < consumers.length; i++) {
    const c = consumers[i];
    if (!c.isObject(true)) continue;
    c.allowOnly(["name", "key", "key_sha256"]);
    const consumer = c.get("name").requiredString();
    if (consumer.length && !isConsumerName(consumer)) c.get("name").error("must be 1-128 characters without CR, LF, NUL or ','");
    const which = c.exactlyOne(["key", "key_sha256"]);
    let digest: Uint8Array | null = null;
    if (which == "key") {
      const key = c.get("key").requiredString();
      if (key.length > 0 && key.length < 16) c.get("key").error("must have at least 16 characters (short keys can be guessed)");
      else if (key.length > 1024) c.get("key").error("must have at most 1024 characters");
      digest = sha256(Uint8Array.wrap(String.UTF8.encode(key)));
    } else if (which == "key_sha256") {
      const hex = c.get("key_sha256").requiredString();
      const bytes = hex.length == 64 ? hexDecode(hex) : null;
      if (bytes === null) c.get("key_sha256").error("must be 64 hexadecimal characters (the SHA-256 of the key)");
      digest = bytes;
    }
    if (digest === null) continue;
    let hex = "";
    for (let b = 0; b < 32; b++) hex += (<u32>digest[b]).toString(16).padStart(2, "0");
    if (seen.includes(hex)) { c.error("the same key is configured twice"); continue; }
    seen.push(hex);
    p.entries.push(new ApiKeyEntry(consumer, digest));
  }
  return p;
}

function isConsumerName(s: string): bool {
  if (s.length == 0 || s.length > 128) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7F || c == 0x2C) return false;
  }
  return true;
}

function readBasic(f: Field, name: string): BasicProvider {
  const p = new BasicProvider(name);
  f.allowOnly(["users", "realm", "forward", "cache_duration_s", "cache_max_entries"]);
  p.realm = f.get("realm").string("");
  p.forward = f.get("forward").bool(false);
  p.cacheSeconds = <f64>f.get("cache_duration_s").int(300, 0, 86400);
  p.cacheCapacity = <i32>f.get("cache_max_entries").int(1000, 0, 100000);
  if (p.cacheSeconds == 0) p.cacheCapacity = 0;
  const users = f.get("users").items(true, 1);
  let maxIterations = 0;
  const err = new Array<string>(1);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    if (!u.isObject(true)) continue;
    u.allowOnly(["username", "password_hash", "consumer"]);
    const username = u.get("username").requiredString();
    if (username.indexOf(":") >= 0) u.get("username").error("must not contain ':' (RFC 7617)");
    const consumer = u.get("consumer").string(username);
    if (!isConsumerName(consumer)) u.get(u.has("consumer") ? "consumer" : "username").error("must be 1-128 characters without CR, LF, NUL or ','");
    if (p.users.has(username)) { u.get("username").error("duplicate user " + username); continue; }
    const hf = u.get("password_hash");
    const hash = hf.requiredString();
    if (!hf.present || hash.length == 0) continue;
    err[0] = "";
    const user = parsePasswordHash(username, consumer, hash, err);
    if (user === null) { hf.error(err[0]); continue; }
    if (user.iterations > maxIterations) maxIterations = user.iterations;
    p.users.set(username, user);
  }
  if (maxIterations > 0) {
    const salt = new Uint8Array(16);
    for (let i = 0; i < 16; i++) salt[i] = <u8>(0x61 + i);
    p.decoy = new BasicUser("", "", maxIterations, salt, new Uint8Array(32));
  }
  return p;
}

function readExtAuthz(f: Field, name: string): ExtAuthzProvider {
  const p = new ExtAuthzProvider(name);
  f.allowOnly(["cluster", "authority", "path_prefix", "timeout_ms", "headers_to_send", "headers_to_upstream", "headers_to_client", "failure_mode", "status_on_error", "with_request_body"]);
  p.cluster = f.get("cluster").requiredString();
  p.authority = f.has("authority") ? f.get("authority").requiredString() : p.cluster;
  p.pathPrefix = f.get("path_prefix").string("");
  if (p.pathPrefix.length && p.pathPrefix.charCodeAt(0) != 0x2F) f.get("path_prefix").error("must start with '/'");
  if (p.pathPrefix.endsWith("/")) f.get("path_prefix").error("must not end with '/' (the request path, which starts with '/', is appended)");
  p.timeoutMs = <u32>f.get("timeout_ms").int(1000, 1, 60000);
  if (f.has("headers_to_send")) p.headersToSend = headerList(f.get("headers_to_send"));
  p.headersToUpstream = headerList(f.get("headers_to_upstream"));
  if (f.has("headers_to_client")) p.headersToClient = headerList(f.get("headers_to_client"));
  for (let i = 0; i < p.headersToUpstream.length; i++) {
    if (p.headersToUpstream[i].startsWith(":")) f.get("headers_to_upstream").at(i).error("pseudo-headers cannot be set");
  }
  p.failOpen = f.get("failure_mode").oneOf(["deny", "allow"], "deny") == "allow";
  p.statusOnError = <u32>f.get("status_on_error").int(403, 400, 599);
  const wb = f.get("with_request_body");
  if (wb.present && wb.isObject()) {
    wb.allowOnly(["max_bytes", "allow_partial"]);
    if (!wb.has("max_bytes")) wb.get("max_bytes").error("is required");
    p.withBody = true;
    p.maxBodyBytes = <u32>wb.get("max_bytes").int(MAX_AUTHZ_BODY, 1, MAX_AUTHZ_BODY);
    p.allowPartial = wb.get("allow_partial").bool(false);
  }
  return p;
}

class RuleReader {
  constructor(public names: Array<string>, public maxPathBytes: i32) {}

  requirement(f: Field, depth: i32): Requirement | null {
    const v = f.value;
    if (v === null) { f.error("is required"); return null; }
    if (depth > MAX_REQUIREMENT_DEPTH) { f.error("nested deeper than " + MAX_REQUIREMENT_DEPTH.toString() + " levels"); return null; }
    const r = new Requirement();
    if (v.kind == JsonKind.String) {
      r.kind = REQ_PROVIDER;
      r.provider = this.names.indexOf(v.str);
      if (r.provider < 0) { f.error("unknown provider " + v.str + (this.names.length ? " (configured: " + this.names.join(", ") + ")" : " (no providers configured)")); return null; }
      return r;
    }
    if (!f.isObject()) return null;
    f.allowOnly(["any_of", "all_of"]);
    const which = f.exactlyOne(["any_of", "all_of"]);
    if (which.length == 0) return null;
    r.kind = which == "any_of" ? REQ_ANY : REQ_ALL;
    const items = f.get(which).items(true, 1);
    for (let i = 0; i < items.length; i++) {
      const c = this.requirement(items[i], depth + 1);
      if (c !== null) r.children.push(c);
    }
    return r;
  }

  rule(f: Field): Rule | null {
    if (!f.isObject(true)) return null;
    f.allowOnly(["name", "match", "requires", "allow", "deny", "consumers", "claims"]);
    const rule = new Rule();
    rule.name = f.get("name").string("");
    rule.match = readMatch(f.get("match"), this.maxPathBytes);
    const which = f.exactlyOne(["requires", "allow", "deny"]);
    if (which == "requires") {
      rule.action = ACTION_REQUIRE;
      rule.requirement = this.requirement(f.get("requires"), 0);
    } else if (which.length) {
      rule.action = which == "allow" ? ACTION_ALLOW : ACTION_DENY;
      if (!f.get(which).bool(true)) f.get(which).error("must be true");
    }
    const consumers = f.get("consumers");
    const claims = f.get("claims");
    if (rule.action != ACTION_REQUIRE && (consumers.present || claims.present)) f.error("consumers and claims need requires");
    rule.consumers = stringList(consumers);
    const cl = claims.items();
    for (let i = 0; i < cl.length; i++) {
      const c = cl[i];
      if (!c.isObject(true)) continue;
      c.allowOnly(["claim", "equals", "contains", "present"]);
      const path = new ClaimPath(c.get("claim").requiredString());
      const op = c.exactlyOne(["equals", "contains", "present"]);
      if (op == "present") {
        if (!c.get("present").bool(true)) c.get("present").error("must be true");
        rule.claims.push(new ClaimCondition(path, CLAIM_PRESENT, ""));
      } else if (op.length) {
        rule.claims.push(new ClaimCondition(path, op == "equals" ? CLAIM_EQUALS : CLAIM_CONTAINS, c.get(op).requiredString()));
      }
    }
    return rule;
  }
}

export function readSettings(root: Field, errors: ConfigErrors): Settings {
  const s = new Settings();
  if (!root.isObject(true)) return s;
  root.allowOnly(["providers", "rules", "default", "consumer_header", "limits"]);
  s.maxPathBytes = readMaxPathBytes(root);
  s.defaultAllow = root.get("default").oneOf(["deny", "allow"], "deny") == "allow";
  const ch = root.get("consumer_header");
  if (ch.present) {
    const v = ch.string("");
    s.consumerHeader = v.length ? headerName(ch) : "";
  }

  const names = new Array<string>();
  const providers = root.get("providers").items();
  for (let i = 0; i < providers.length; i++) {
    const pf = providers[i];
    if (!pf.isObject(true)) continue;
    pf.allowOnly(["name", "jwt", "api_key", "basic", "ext_authz"]);
    const nf = pf.get("name");
    const name = nf.requiredString();
    if (name.length && !isName(name)) nf.error("must be 1-64 characters of A-Z a-z 0-9 _ -");
    if (names.includes(name)) nf.error("duplicate provider name " + name);
    const kind = pf.exactlyOne(["jwt", "api_key", "basic", "ext_authz"]);
    const body = pf.get(kind.length ? kind : "jwt");
    if (kind.length && !body.isObject(true)) { names.push(name); continue; }
    let p: Provider | null = null;
    if (kind == "jwt") p = readJwt(body, name);
    else if (kind == "api_key") p = readApiKey(body, name);
    else if (kind == "basic") p = readBasic(body, name);
    else if (kind == "ext_authz") p = readExtAuthz(body, name);
    names.push(name);
    if (p === null) continue;
    p.index = s.providers.length;
    s.providers.push(p);
    if (p.needsTicks) s.needsTicks = true;
    if (p.kind == KIND_EXT_AUTHZ && (p as ExtAuthzProvider).withBody) s.collectsBodies = true;
  }

  const reader = new RuleReader(names, s.maxPathBytes);
  const rules = root.get("rules").items();
  for (let i = 0; i < rules.length; i++) {
    const r = reader.rule(rules[i]);
    if (r === null) continue;
    s.rules.push(r);
  }

  // Everything the filter writes upstream is removed from the incoming request first.
  if (s.consumerHeader.length) s.stripHeaders.push(s.consumerHeader);
  for (let i = 0; i < s.providers.length; i++) {
    const out = s.providers[i].outputHeaders();
    for (let j = 0; j < out.length; j++) if (!s.stripHeaders.includes(out[j])) s.stripHeaders.push(out[j]);
  }
  for (let i = 0; i < s.providers.length; i++) {
    const src = s.providers[i].sources;
    for (let j = 0; j < src.length; j++) {
      if (src[j].kind == FROM_HEADER && s.stripHeaders.includes(src[j].name)) {
        errors.add("providers[" + i.toString() + "]", "reads credentials from header " + src[j].name + ", which the filter also writes");
      }
    }
  }
  return s;
}
