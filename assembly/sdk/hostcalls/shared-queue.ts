// Shared queues: named FIFO queues shared by every VM with the same vm_id. The VM that
// registers a queue gets RootContext.onQueueReady(token) (on the registering root context and
// its worker) after each enqueue; any VM may resolve the queue by name and enqueue.
import { proxy_dequeue_shared_queue, proxy_enqueue_shared_queue, proxy_register_shared_queue, proxy_resolve_shared_queue } from "../abi/imports";
import { WasmResult } from "../abi/enums";
import { OUT_PTR, OUT_LEN, decodeString, scratchLen, scratchReset, scratchString, takeOutBuffer } from "../abi/memory";

/** A queue token, or why the host gave none. */
export class QueueToken {
  constructor(public readonly result: WasmResult, public readonly token: u32) {}
  /** True if `token` is valid. */
  get ok(): bool { return this.result == WasmResult.Ok; }
}

/**
 * Creates the queue `name` of this vm_id, or re-opens it, and makes the calling root context
 * (a stream's root, when called from a stream) the one notified by onQueueReady; the last
 * registrant wins. Call from onConfigure or later. Returns the token, or the host's error.
 */
export function registerSharedQueue(name: string): QueueToken {
  scratchReset();
  const n = scratchString(name);
  const result = <WasmResult>proxy_register_shared_queue(n, scratchLen, OUT_PTR);
  return new QueueToken(result, result == WasmResult.Ok ? load<u32>(OUT_PTR) : 0);
}

/**
 * Finds the queue `name` registered by VMs with `vmId` ("" = this VM's vm_id). Callable from
 * any callback. Result NotFound when nobody registered it yet.
 */
export function resolveSharedQueue(vmId: string, name: string): QueueToken {
  scratchReset();
  const v = scratchString(vmId);
  const vLen = scratchLen;
  const n = scratchString(name);
  const result = <WasmResult>proxy_resolve_shared_queue(v, vLen, n, scratchLen, OUT_PTR);
  return new QueueToken(result, result == WasmResult.Ok ? load<u32>(OUT_PTR) : 0);
}

/** Appends `data` to the queue `token`; the registrant's onQueueReady follows. NotFound for an unknown token. */
export function enqueueSharedQueue(token: u32, data: ArrayBuffer): WasmResult {
  return <WasmResult>proxy_enqueue_shared_queue(token, changetype<usize>(data), <usize>data.byteLength);
}

/** Appends UTF-8 `text`; see enqueueSharedQueue. */
export function enqueueSharedQueueString(token: u32, text: string): WasmResult {
  const bytes = String.UTF8.encode(text);
  return enqueueSharedQueue(token, bytes);
}

/** One dequeued item, or why there is none (Empty: queue drained; NotFound: unknown token). */
export class QueueItem {
  constructor(public readonly result: WasmResult, public readonly data: ArrayBuffer) {}
  /** True if an item was taken. */
  get ok(): bool { return this.result == WasmResult.Ok; }
  /** The item as UTF-8 text ("" if none). */
  toString(): string { return decodeString(this.data); }
}

// @ts-ignore: decorator
@lazy const NOTHING = new ArrayBuffer(0);

/** Takes the oldest item of the queue `token`. Callable from any callback (typically onQueueReady). */
export function dequeueSharedQueue(token: u32): QueueItem {
  const result = <WasmResult>proxy_dequeue_shared_queue(token, OUT_PTR, OUT_LEN);
  return new QueueItem(result, result == WasmResult.Ok ? takeOutBuffer() : NOTHING);
}
