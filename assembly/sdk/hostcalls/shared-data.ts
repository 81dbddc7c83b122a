// Shared data: a key-value store shared by every VM (worker thread) with the same vm_id, each
// value carrying a cas (compare-and-swap) version. Envoy assigns a new cas on every successful
// set; setting with a stale cas fails with CasMismatch, which makes read-modify-write safe
// across workers (updateSharedData retries it). There is no delete in ABI 0.2.1.
import { proxy_get_shared_data, proxy_set_shared_data } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_LEN, OUT_U64, decodeString, scratchLen, scratchReset, scratchString, takeOutBuffer } from "../abi/memory";

/** A read of one key: the value and its cas, or the failure (NotFound if the key is absent). */
export class SharedValue {
  constructor(
    /** Ok, NotFound (absent) or another host error. */
    public readonly result: WasmResult,
    /** The value; empty unless result is Ok. */
    public readonly value: ArrayBuffer,
    /** The value's version, for a conditional setSharedData; 0 unless result is Ok. */
    public readonly cas: u32,
  ) {}

  /** True if the key exists and was read. */
  get ok(): bool { return this.result == WasmResult.Ok; }

  /** The value as UTF-8 text ("" if not ok). */
  toString(): string { return decodeString(this.value); }
}

// @ts-ignore: decorator
@lazy const NOTHING = new ArrayBuffer(0);

/**
 * Reads `key` with its cas. Callable from any callback (not from top-level code). Returns a
 * SharedValue whose `result` is NotFound when the key was never set.
 */
export function getSharedData(key: string): SharedValue {
  scratchReset();
  const k = scratchString(key);
  store<u32>(OUT_U64, 0);
  const result = <WasmResult>proxy_get_shared_data(k, scratchLen, OUT_PTR, OUT_LEN, OUT_U64);
  if (result != WasmResult.Ok) return new SharedValue(result, NOTHING, 0);
  const value = takeOutBuffer();
  return new SharedValue(result, value, load<u32>(OUT_U64));
}

/** The value of `key` as UTF-8 text, or null if absent (or unreadable). Callable from any callback. */
export function getSharedString(key: string): string | null {
  const v = getSharedData(key);
  return v.ok ? v.toString() : null;
}

/**
 * Writes `key`. With `cas` 0 the write is unconditional; with the cas of an earlier read it
 * succeeds only if nobody wrote the key since (else CasMismatch). Note Envoy compares the cas
 * only when the key exists: creating a key is never conditional. Callable from any callback.
 */
export function setSharedData(key: string, value: ArrayBuffer, cas: u32 = 0): WasmResult {
  scratchReset();
  const k = scratchString(key);
  return <WasmResult>proxy_set_shared_data(k, scratchLen, changetype<usize>(value), <usize>value.byteLength, cas);
}

/** Writes `key` as UTF-8 text; see setSharedData. */
export function setSharedString(key: string, value: string, cas: u32 = 0): WasmResult {
  const bytes = String.UTF8.encode(value);
  return setSharedData(key, bytes, cas);
}

/** The outcome of updateSharedData. */
export class SharedDataUpdate {
  constructor(
    /** Ok (written, or left alone when the update returned null), CasMismatch (every attempt lost a race) or a host error. */
    public readonly result: WasmResult,
    /** The value now stored by this update (or the current one if the update declined); null on failure. */
    public readonly value: ArrayBuffer | null,
    /** Attempts made (1 when there was no conflict). */
    public readonly attempts: i32,
    /** False when the update function returned null (nothing written). */
    public readonly written: bool,
  ) {}

  /** True if the update was applied (or declined) without error. */
  get ok(): bool { return this.result == WasmResult.Ok; }
}

/**
 * Read-modify-write of `key` that is safe across worker VMs: reads the value and cas, calls
 * `update(current)` (current is null when the key is absent) and writes the result with that
 * cas; when another worker wrote in between (CasMismatch) it starts over, up to `maxAttempts`
 * times. `update` may return null to write nothing. `update` cannot capture variables (no
 * closures in AssemblyScript): keep it a pure function of the current value.
 *
 * Callable from any callback. Returns result CasMismatch when every attempt lost its race, or
 * the host's error. Caveat of the ABI: creating an absent key is unconditional, so two workers
 * creating it at once can lose one write; create keys in onConfigure to make counting exact.
 */
export function updateSharedData(key: string, maxAttempts: i32, update: (current: ArrayBuffer | null) => ArrayBuffer | null): SharedDataUpdate {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const read = getSharedData(key);
    if (read.result != WasmResult.Ok && read.result != WasmResult.NotFound) return new SharedDataUpdate(read.result, null, attempt, false);
    const current: ArrayBuffer | null = read.ok ? read.value : null;
    const next = update(current);
    if (next === null) return new SharedDataUpdate(WasmResult.Ok, current, attempt, false);
    const written = setSharedData(key, next, read.cas);
    if (written == WasmResult.Ok) return new SharedDataUpdate(WasmResult.Ok, next, attempt, true);
    if (written != WasmResult.CasMismatch) return new SharedDataUpdate(written, null, attempt, false);
  }
  return new SharedDataUpdate(WasmResult.CasMismatch, null, maxAttempts, false);
}
