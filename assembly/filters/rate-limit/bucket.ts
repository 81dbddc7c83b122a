// Token buckets shared by every worker VM through Envoy shared data, updated with compare-and-
// swap so N workers admit exactly what one would.
//
// Arithmetic (integers only). A limit is "R requests per P ms, burst B". One token is stored as
// P *units*; the bucket gains exactly R units per elapsed ms, holds at most B·P units and a
// request costs P units. Refill is therefore exact (no rounding, nothing lost when the
// timestamp advances): e.g. 1000/hour refills 1000 units per ms against a cost of 3 600 000.
// Values fit i64 with a wide margin (B ≤ 10^9, P ≤ 86 400 000 → B·P < 2^63).
//
// Slots (bounded memory). ABI 0.2.1 has no shared-data delete, so keys are never created per
// client: each rule owns a fixed table of `max_keys` slots, `<prefix><rule>/<index>`, created
// (if absent) at configure time. A key hashes to two candidate slots; the slot stores the full
// key, so a collision is detected, never shared. Lookup: the first candidate holding the key
// wins. Otherwise the key takes a candidate that is empty or expired (its bucket has refilled
// completely, so forgetting it loses nothing), else the one idle the longest (least recently
// used of the two) — a live bucket is evicted and counted in `rate_limit.evictions`. An evicted
// key starts again with a full bucket: a flood of distinct keys can at worst make other keys
// forget their usage (fail open), never block a client that has its own budget, and never grow
// memory (entries = Σ max_keys; each holds one key of at most MAX_KEY_BYTES).
//
// Slot value (little-endian, 16 + 8·n + key bytes):
//   u32 fingerprint of the rule's limits (a changed limit starts fresh)
//   i64 last update, ms since the epoch (0 = empty slot)
//   u8  n (number of limits)   u8 reserved   u16 key length
//   n × i64 tokens in units    key bytes (UTF-8)
import { WasmResult, getSharedData, setSharedData } from "envoy-as";

export const MAX_KEY_BYTES: i32 = 256;
const HEADER: i32 = 16;

/** One limit of a rule, precomputed at configure time. */
export class Limit {
  /** Capacity in units (burst × periodMs). */
  capacity: i64;
  constructor(public requests: i64, public periodMs: i64, public burst: i64) {
    this.capacity = burst * periodMs;
  }
  /** Window in seconds, for RateLimit-Policy. */
  get windowSeconds(): i64 { return this.periodMs / 1000; }
}

/** Where slots live: shared data in Envoy; the interface keeps the limiter testable and pluggable. */
export class SlotRead {
  constructor(public result: WasmResult, public value: ArrayBuffer | null, public cas: u32) {}
}

export class BucketStore {
  get(key: string): SlotRead {
    const v = getSharedData(key);
    return new SlotRead(v.result, v.ok ? v.value : null, v.cas);
  }
  set(key: string, value: ArrayBuffer, cas: u32): WasmResult {
    return setSharedData(key, value, cas);
  }
}

/** What one rule's check decided, with what the response headers need. */
export class Verdict {
  admitted: bool = true;
  /** The limit with the fewest tokens left (for X-RateLimit-*), -1 if none. */
  limit: i32 = -1;
  remaining: i64 = 0;
  /** Seconds until the reported limit is full again. */
  resetSeconds: i64 = 0;
  /** Seconds until a request would be admitted (0 when admitted). */
  retryAfter: i64 = 0;
  /** CAS attempts used; 0 when the store failed. */
  attempts: i32 = 0;
  evicted: bool = false;
  storeError: bool = false;

  /** Back to a fresh verdict (one object is reused for every request). */
  reset(): void {
    this.admitted = true;
    this.limit = -1;
    this.remaining = 0;
    this.resetSeconds = 0;
    this.retryAfter = 0;
    this.attempts = 0;
    this.evicted = false;
    this.storeError = false;
  }
}

export function fnv1a(bytes: ArrayBuffer, seed: u32): u32 {
  let h: u32 = 2166136261 ^ seed;
  const p = changetype<usize>(bytes);
  const n = bytes.byteLength;
  for (let i = 0; i < n; i++) {
    h ^= <u32>load<u8>(p + <usize>i);
    h *= 16777619;
  }
  // final avalanche (murmur3 fmix) so nearby keys spread over the table
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

/** The fixed-size key bytes stored in a slot: the UTF-8 key, or a long key's prefix and hashes. */
export function slotKeyBytes(key: string): ArrayBuffer {
  const bytes = String.UTF8.encode(key);
  if (bytes.byteLength <= MAX_KEY_BYTES) return bytes;
  const tag = "#" + fnv1a(bytes, 1).toString(16) + fnv1a(bytes, 2).toString(16) + fnv1a(bytes, 3).toString(16);
  const head = String.UTF8.encode(tag);
  const out = new ArrayBuffer(MAX_KEY_BYTES);
  const keep = MAX_KEY_BYTES - head.byteLength;
  memory.copy(changetype<usize>(out), changetype<usize>(bytes), <usize>keep);
  memory.copy(changetype<usize>(out) + <usize>keep, changetype<usize>(head), <usize>head.byteLength);
  return out;
}

// @ts-ignore: decorator
@inline function slotLast(v: ArrayBuffer): i64 { return load<i64>(changetype<usize>(v), 4); }

function sameKey(v: ArrayBuffer, key: ArrayBuffer, limits: i32, fingerprint: u32): bool {
  const p = changetype<usize>(v);
  if (v.byteLength < HEADER || load<u32>(p) != fingerprint || <i32>load<u8>(p, 12) != limits) return false;
  const len = <i32>load<u16>(p, 14);
  if (len != key.byteLength || v.byteLength != HEADER + limits * 8 + len) return false;
  return memory.compare(p + <usize>(HEADER + limits * 8), changetype<usize>(key), <usize>len) == 0;
}

/** The empty slot written at configure time. */
export function emptySlot(): ArrayBuffer { return new ArrayBuffer(HEADER); }

/** A rule's slot table and limits. */
export class Bucket {
  /** Shared-data key prefix: `<prefix><rule>/`; slot i is prefix + i. */
  constructor(public prefix: string, public slots: i32, public limits: Array<Limit>, public fingerprint: u32) {}

  /** The last slot name built (a hot key asks for the same slot again and again). */
  lastSlot: i32 = -1;
  lastSlotName: string = "";
  /** Per-request scratch (take() never re-enters): current tokens, and the last encoded slot value. */
  tokens: StaticArray<i64> | null = null;
  encoded: ArrayBuffer | null = null;

  slotName(i: i32): string {
    if (i == this.lastSlot) return this.lastSlotName;
    const name = this.prefix + i.toString();
    this.lastSlot = i;
    this.lastSlotName = name;
    return name;
  }

  /** Creates absent slots (configure time), so that every request-time write is a CAS. */
  reserve(store: BucketStore): i32 {
    let created = 0;
    for (let i = 0; i < this.slots; i++) {
      const name = this.slotName(i);
      if (store.get(name).result == WasmResult.NotFound) {
        store.set(name, emptySlot(), 0);
        created++;
      }
    }
    return created;
  }

  /** True if slot value `v` is empty or its bucket would be full at `now` (indistinguishable from fresh). */
  expired(v: ArrayBuffer | null, now: i64): bool {
    if (v === null || v.byteLength < HEADER) return true;
    const last = slotLast(v);
    if (last == 0) return true;
    const p = changetype<usize>(v);
    const n = <i32>load<u8>(p, 12);
    if (load<u32>(p) != this.fingerprint || n != this.limits.length || v.byteLength < HEADER + n * 8) return true;
    const elapsed = now > last ? now - last : 0;
    for (let i = 0; i < n; i++) {
      const l = unchecked(this.limits[i]);
      const tokens = load<i64>(p + <usize>(HEADER + i * 8));
      if (refill(tokens, elapsed, l) < l.capacity) return false;
    }
    return true;
  }

  /**
   * Takes one request from `key`'s bucket at `now` (ms): reads its slot, computes, and writes
   * back with the read's cas, retrying on a lost race. Denials write nothing (refill is a pure
   * function of the stored state and the time). The common case is one get and one CAS set.
   */
  take(store: BucketStore, key: ArrayBuffer, now: i64, maxAttempts: i32, out: Verdict): void {
    const n = this.limits.length;
    const h = fnv1a(key, 0);
    const s1 = <i32>(h % <u32>this.slots);
    let s2 = s1;
    if (this.slots > 1) {
      s2 = <i32>(fnv1a(key, 0x9e3779b9) % <u32>this.slots);
      if (s2 == s1) s2 = (s1 + 1) % this.slots;
    }
    let tokens = this.tokens;
    if (tokens === null) { tokens = new StaticArray<i64>(n); this.tokens = tokens; }
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let name = this.slotName(s1);
      let read = store.get(name);
      if (read.result != WasmResult.Ok && read.result != WasmResult.NotFound) { out.storeError = true; return; }
      let fresh = true;
      let evicted = false;
      if (read.value !== null && sameKey(read.value!, key, n, this.fingerprint)) {
        fresh = false;
      } else if (s2 != s1) {
        const name2 = this.slotName(s2);
        const read2 = store.get(name2);
        if (read2.result != WasmResult.Ok && read2.result != WasmResult.NotFound) { out.storeError = true; return; }
        if (read2.value !== null && sameKey(read2.value!, key, n, this.fingerprint)) {
          fresh = false; name = name2; read = read2;
        } else if (!this.expired(read.value, now)) {
          // First candidate is live: take the second if it is free, else the one idle longer.
          if (this.expired(read2.value, now) || slotLast(read2.value!) < slotLast(read.value!)) {
            name = name2; read = read2;
          }
          evicted = !this.expired(read.value, now);
        }
      } else {
        evicted = !this.expired(read.value, now);
      }
      // Current tokens at `now`.
      let last: i64 = now;
      if (!fresh) {
        const v = read.value!;
        last = slotLast(v);
        const elapsed = now > last ? now - last : 0;
        const p = changetype<usize>(v);
        for (let i = 0; i < n; i++) unchecked(tokens[i] = refill(load<i64>(p + <usize>(HEADER + i * 8)), elapsed, unchecked(this.limits[i])));
      } else {
        for (let i = 0; i < n; i++) unchecked(tokens[i] = unchecked(this.limits[i]).capacity);
      }
      let admitted = true;
      for (let i = 0; i < n; i++) if (unchecked(tokens[i]) < unchecked(this.limits[i]).periodMs) { admitted = false; break; }
      if (admitted) for (let i = 0; i < n; i++) unchecked(tokens[i] -= unchecked(this.limits[i]).periodMs);
      this.report(tokens, admitted, out);
      out.attempts = attempt;
      out.evicted = evicted;
      if (!admitted) return; // nothing to write: the stored state still refills the same way
      const result = store.set(name, this.encode(key, now, tokens), read.result == WasmResult.NotFound ? 0 : read.cas);
      if (result == WasmResult.Ok) return;
      if (result != WasmResult.CasMismatch) { out.storeError = true; out.attempts = 0; return; }
    }
    out.storeError = true;
    out.attempts = 0;
  }

  encode(key: ArrayBuffer, now: i64, tokens: StaticArray<i64>): ArrayBuffer {
    const n = tokens.length;
    const size = HEADER + n * 8 + key.byteLength;
    // Every byte is written below, and the host copies the value: the buffer can be reused.
    let out = this.encoded;
    if (out === null || out.byteLength != size) { out = new ArrayBuffer(size); this.encoded = out; }
    const p = changetype<usize>(out);
    store<u32>(p, this.fingerprint);
    store<i64>(p, now, 4);
    store<u8>(p, <u8>n, 12);
    store<u8>(p, 0, 13);
    store<u16>(p, <u16>key.byteLength, 14);
    for (let i = 0; i < n; i++) store<i64>(p + <usize>(HEADER + i * 8), unchecked(tokens[i]));
    memory.copy(p + <usize>(HEADER + n * 8), changetype<usize>(key), <usize>key.byteLength);
    return out;
  }

  /** Fills the verdict's header values from the tokens after the decision. */
  report(tokens: StaticArray<i64>, admitted: bool, out: Verdict): void {
    out.admitted = admitted;
    let best = -1;
    let bestRemaining: i64 = i64.MAX_VALUE;
    let retry: i64 = 0;
    for (let i = 0; i < tokens.length; i++) {
      const l = unchecked(this.limits[i]);
      const t = unchecked(tokens[i]);
      const remaining = t / l.periodMs;
      if (remaining < bestRemaining) { bestRemaining = remaining; best = i; }
      if (t < l.periodMs) {
        const wait = ceilDiv(ceilDiv(l.periodMs - t, l.requests), 1000);
        if (wait > retry) retry = wait;
      }
    }
    out.limit = best;
    out.remaining = bestRemaining;
    const l = unchecked(this.limits[best]);
    out.resetSeconds = ceilDiv(ceilDiv(l.capacity - unchecked(tokens[best]), l.requests), 1000);
    out.retryAfter = admitted ? 0 : (retry < 1 ? 1 : retry);
  }
}

/** `tokens` after `elapsed` ms of refill, capped at capacity (overflow-safe). */
export function refill(tokens: i64, elapsed: i64, l: Limit): i64 {
  const missing = l.capacity - tokens;
  if (missing <= 0) return l.capacity;
  if (elapsed >= ceilDiv(missing, l.requests)) return l.capacity;
  return tokens + elapsed * l.requests;
}

// @ts-ignore: decorator
@inline export function ceilDiv(a: i64, b: i64): i64 { return a <= 0 ? 0 : (a + b - 1) / b; }
