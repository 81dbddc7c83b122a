// Memory shared with the host: the allocator the host calls, the out-slots it writes results
// into, and a scratch arena for arguments. The rules (docs/abi.md §6):
//  - a block the host asks for is written by the host *after* the allocator returns, and may be
//    followed by more allocations (so more GC steps) before the SDK sees it: it stays pinned
//    until the SDK takes ownership with takeHostBuffer();
//  - argument bytes must stay alive while the host runs, which may call back into the allocator:
//    the scratch arena is static memory the GC never touches; larger arguments are managed
//    ArrayBuffers held in locals (AssemblyScript's shadow stack keeps them alive).

/** Out-slots for the host's results: two u32 (ptr, len) and one u64. Never used re-entrantly. */
const OUT_SLOTS: usize = memory.data(16, 8);
/** Where the host writes a result pointer (or a u32 such as a token, id, size or status). */
export const OUT_PTR: usize = OUT_SLOTS;
/** Where the host writes a result length (or a second u32 such as flags or cas). */
export const OUT_LEN: usize = OUT_SLOTS + 4;
/** Where the host writes a u64 (time, metric value) or a third u32 (cas). */
export const OUT_U64: usize = OUT_SLOTS + 8;

// @ts-ignore: decorator
@lazy let hostBlocksInUse: u32 = 0;

/**
 * The allocator the host calls for every `*_ptr_ptr` result. Hands out a pinned ArrayBuffer
 * so that the GC neither frees nor moves it before the SDK takes it over.
 */
export function proxy_on_memory_allocate(size: usize): usize {
  const ptr = __new(size, idof<ArrayBuffer>());
  __pin(ptr);
  hostBlocksInUse++;
  return ptr;
}

/**
 * Diagnostic export: blocks the host allocated that the SDK has not taken over yet. The host
 * emulator calls it to prove that a request leaves nothing pinned behind. Always 0 between
 * callbacks in a correct SDK.
 */
export function envoy_as_host_blocks_in_use(): u32 {
  return hostBlocksInUse;
}

// @ts-ignore: decorator
@lazy const EMPTY = new ArrayBuffer(0);

/**
 * Takes ownership of a block the host wrote at `ptr` (from OUT_PTR) with `len` bytes:
 * unpins it so the GC manages it from now on. A zero pointer (the host's empty result) gives a
 * shared empty buffer.
 */
export function takeHostBuffer(ptr: usize, len: usize): ArrayBuffer {
  if (ptr == 0) return EMPTY;
  __unpin(ptr);
  hostBlocksInUse--;
  const buf = changetype<ArrayBuffer>(ptr);
  // The host may have used less than it asked for; never expose stale bytes past len.
  return len == <usize>buf.byteLength ? buf : buf.slice(0, <i32>len);
}

/** Takes the block described by the out-slots after a successful `*_ptr_ptr` call. */
// @ts-ignore: decorator
@inline export function takeOutBuffer(): ArrayBuffer {
  return takeHostBuffer(<usize>load<u32>(OUT_PTR), <usize>load<u32>(OUT_LEN));
}

// ---- scratch arena for arguments

const SCRATCH_SIZE: usize = 8192;
// From the unmanaged heap, not memory.data: a static buffer would ship as zeros in the module.
// @ts-ignore: decorator
@lazy const SCRATCH: usize = heap.alloc(SCRATCH_SIZE);
// @ts-ignore: decorator
@lazy let scratchUsed: usize = 0;
// @ts-ignore: decorator
@lazy let spill: Array<ArrayBuffer> = [];

/** Starts a new argument list. Call at the start of every wrapper that uses Scratch. */
// @ts-ignore: decorator
@inline export function scratchReset(): void {
  scratchUsed = 0;
  if (spill.length) spill.length = 0;
}

/** Length in bytes of the last string put into the scratch arena. */
// @ts-ignore: decorator
@lazy export let scratchLen: usize = 0;

/**
 * UTF-8 encodes `s` for a host call and returns its address (its length is in scratchLen).
 * Uses static memory when it fits, else a managed buffer kept alive until the next reset.
 */
export function scratchString(s: string): usize {
  const p = changetype<usize>(s);
  if (p < __heap_base) {
    const cached = staticString(p);
    if (cached != 0) return cached;
  }
  const units = <usize>s.length;
  // UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (scratchUsed + units * 3 <= SCRATCH_SIZE) {
    const dst = SCRATCH + scratchUsed;
    const len = String.UTF8.encodeUnsafe(changetype<usize>(s), <i32>units, dst, false);
    scratchUsed += len;
    scratchLen = len;
    return dst;
  }
  const buf = String.UTF8.encode(s);
  spill.push(buf);
  scratchLen = <usize>buf.byteLength;
  return changetype<usize>(buf);
}

// String literals live in the module's static data, below __heap_base, never move and never
// change: their UTF-8 bytes are encoded once and kept (a header name or value a filter passes on
// every request is then no work). Direct-mapped by address; a slot, once filled, keeps its
// string, so a pointer handed out stays valid for the rest of the VM's life.
const STATIC_SLOTS: usize = 64;
// @ts-ignore: decorator
@lazy const STATIC_CACHE: usize = zeroedBlock(STATIC_SLOTS * 12); // per slot: string, bytes, length

/** `size` bytes of unmanaged memory, zeroed. */
function zeroedBlock(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

/**
 * The cached UTF-8 bytes of the string literal at `p` (length in scratchLen), encoding them on
 * first use; 0 if its slot holds another literal (the caller then encodes it as any string).
 */
function staticString(p: usize): usize {
  const slot = STATIC_CACHE + ((p >> 4) & (STATIC_SLOTS - 1)) * 12; // literals are 16-byte aligned
  const key = load<usize>(slot);
  if (key == p) {
    scratchLen = <usize>load<u32>(slot, 8);
    return load<usize>(slot, 4);
  }
  if (key != 0) return 0;
  const units = <usize>changetype<string>(p).length;
  const bytes = heap.alloc(units * 3 + 1);
  const len = String.UTF8.encodeUnsafe(p, <i32>units, bytes, false);
  store<usize>(slot, p);
  store<usize>(slot, bytes, 4);
  store<u32>(slot, <u32>len, 8);
  scratchLen = len;
  return bytes;
}

/** Reads a UTF-8 string out of a host result. */
// @ts-ignore: decorator
@inline export function decodeString(buf: ArrayBuffer): string {
  return String.UTF8.decode(buf, false);
}
