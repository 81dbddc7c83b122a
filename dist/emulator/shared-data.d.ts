/**
 * Shared data and shared queues, process-wide and keyed by `vm_id` as in cpp-host: every VM
 * (worker) loaded with the same vmId sees the same keys and queues, each VM with its own memory.
 *
 * Shared data: a value plus a u32 cas per key. The cas comes from one global counter (starts at
 * 1, never 0) and is reassigned on every successful set; set with cas 0 is unconditional, a
 * non-zero cas is compared only when the key exists (mismatch: CasMismatch). No delete.
 *
 * Queues: keyed by (vm_id, name), tokens ≥ 1. Registering binds `on_queue_ready(root, token)` to
 * the registering root context (the last registrant wins); each enqueue posts that callback.
 */
import { WasmResult } from "./abi/enums.ts";
import type { Vm } from "./vm.ts";
/** A shared value and its cas. */
export interface SharedValue {
    value: Uint8Array;
    cas: number;
}
export declare class SharedDataStore {
    #private;
    /**
     * Test hook run after each successful `proxy_get_shared_data`, before the guest sees the
     * value: lets a test run another worker's request *between* a read and its write, the race
     * that CAS exists for.
     */
    onGet: ((vmId: string, key: string) => void) | undefined;
    /** The value of `key` under `vmId`, or undefined. */
    get(vmId: string, key: string): SharedValue | undefined;
    /** The value of `key` as UTF-8 text, or undefined. */
    getText(vmId: string, key: string): string | undefined;
    /** The keys stored under `vmId`, in creation order (there is no delete: the list only grows). */
    keys(vmId: string): string[];
    /** Sets `key` like `proxy_set_shared_data`: Ok, or CasMismatch when `cas` ≠ 0 and stale. */
    set(vmId: string, key: string, value: string | Uint8Array, cas?: number): WasmResult;
}
export declare class SharedQueues {
    #private;
    /** `proxy_register_shared_queue`: creates or re-binds the queue; returns its token. */
    register(vm: Vm, rootContextId: number, name: string): number;
    /** `proxy_resolve_shared_queue`: the token of (vmId, name), or undefined. */
    resolve(vmId: string, name: string): number | undefined;
    /**
     * Enqueues `data` and posts `on_queue_ready` to the owner: after the running callback of
     * `from` when a guest enqueues, at once when a test does. NotFound for an unknown token.
     */
    enqueue(token: number, data: string | Uint8Array, from?: Vm): WasmResult;
    /** Test helper: enqueues on (vmId, name) like a guest of another VM would. NotFound if absent. */
    enqueueByName(vmId: string, name: string, data: string | Uint8Array): WasmResult;
    /** `proxy_dequeue_shared_queue`: the oldest item, Empty, or NotFound. */
    dequeue(token: number): Uint8Array | WasmResult;
    /** Items waiting in (vmId, name), oldest first (empty when the queue does not exist). */
    items(vmId: string, name: string): Uint8Array[];
}
