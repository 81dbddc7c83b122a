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
import { WasmResult } from "./abi/enums.js";
import { toBytes } from "./abi/pairs.js";
import { findContext } from "./context-registry.js";
export class SharedDataStore {
    #byVm = new Map();
    #nextCas = 1;
    /**
     * Test hook run after each successful `proxy_get_shared_data`, before the guest sees the
     * value: lets a test run another worker's request *between* a read and its write, the race
     * that CAS exists for.
     */
    onGet;
    /** The value of `key` under `vmId`, or undefined. */
    get(vmId, key) {
        return this.#byVm.get(vmId)?.get(key);
    }
    /** The value of `key` as UTF-8 text, or undefined. */
    getText(vmId, key) {
        const v = this.get(vmId, key);
        return v === undefined ? undefined : new TextDecoder().decode(v.value);
    }
    /** The keys stored under `vmId`, in creation order (there is no delete: the list only grows). */
    keys(vmId) {
        return [...(this.#byVm.get(vmId)?.keys() ?? [])];
    }
    /** Sets `key` like `proxy_set_shared_data`: Ok, or CasMismatch when `cas` ≠ 0 and stale. */
    set(vmId, key, value, cas = 0) {
        let map = this.#byVm.get(vmId);
        if (!map)
            this.#byVm.set(vmId, (map = new Map()));
        const existing = map.get(key);
        if (existing && cas !== 0 && cas !== existing.cas)
            return WasmResult.CasMismatch;
        map.set(key, { value: toBytes(value).slice(), cas: this.#takeCas() });
        return WasmResult.Ok;
    }
    #takeCas() {
        const cas = this.#nextCas;
        this.#nextCas = this.#nextCas === 0xffffffff ? 1 : this.#nextCas + 1;
        return cas;
    }
}
export class SharedQueues {
    #byName = new Map();
    #byToken = new Map();
    #nextToken = 1;
    /** `proxy_register_shared_queue`: creates or re-binds the queue; returns its token. */
    register(vm, rootContextId, name) {
        const key = `${vm.vmId}\0${name}`;
        const existing = this.#byName.get(key);
        if (existing) {
            existing.owner = { vm, rootContextId };
            return existing.token;
        }
        const queue = { token: this.#nextToken++, vmId: vm.vmId, name, items: [], owner: { vm, rootContextId } };
        this.#byName.set(key, queue);
        this.#byToken.set(queue.token, queue);
        return queue.token;
    }
    /** `proxy_resolve_shared_queue`: the token of (vmId, name), or undefined. */
    resolve(vmId, name) {
        return this.#byName.get(`${vmId}\0${name}`)?.token;
    }
    /**
     * Enqueues `data` and posts `on_queue_ready` to the owner: after the running callback of
     * `from` when a guest enqueues, at once when a test does. NotFound for an unknown token.
     */
    enqueue(token, data, from) {
        const queue = this.#byToken.get(token);
        if (!queue)
            return WasmResult.NotFound;
        queue.items.push(toBytes(data).slice());
        const { vm, rootContextId } = queue.owner;
        const notify = () => {
            const root = findContext(vm, rootContextId);
            if (!root || vm.failed)
                return;
            try {
                vm.call("proxy_on_queue_ready", root, [rootContextId, token]);
            }
            finally {
                vm.drainDeferred();
            }
        };
        if (from && from.phase !== "idle")
            from.defer(notify);
        else
            notify();
        return WasmResult.Ok;
    }
    /** Test helper: enqueues on (vmId, name) like a guest of another VM would. NotFound if absent. */
    enqueueByName(vmId, name, data) {
        const token = this.resolve(vmId, name);
        return token === undefined ? WasmResult.NotFound : this.enqueue(token, data);
    }
    /** `proxy_dequeue_shared_queue`: the oldest item, Empty, or NotFound. */
    dequeue(token) {
        const queue = this.#byToken.get(token);
        if (!queue)
            return WasmResult.NotFound;
        return queue.items.shift() ?? WasmResult.Empty;
    }
    /** Items waiting in (vmId, name), oldest first (empty when the queue does not exist). */
    items(vmId, name) {
        return [...(this.#byName.get(`${vmId}\0${name}`)?.items ?? [])];
    }
}
