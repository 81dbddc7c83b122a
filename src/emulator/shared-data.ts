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
import { toBytes } from "./abi/pairs.ts";
import { findContext } from "./context-registry.ts";
import type { Vm } from "./vm.ts";

/** A shared value and its cas. */
export interface HostSharedValue {
  value: Uint8Array;
  cas: number;
}

export class SharedDataStore {
  readonly #byVm = new Map<string, Map<string, HostSharedValue>>();
  #nextCas = 1;
  /**
   * Test hook run after each successful `proxy_get_shared_data`, before the guest sees the
   * value: lets a test run another worker's request *between* a read and its write, the race
   * that CAS exists for.
   */
  onGet: ((vmId: string, key: string) => void) | undefined;

  /** The value of `key` under `vmId`, or undefined. */
  get(vmId: string, key: string): HostSharedValue | undefined {
    return this.#byVm.get(vmId)?.get(key);
  }

  /** The value of `key` as UTF-8 text, or undefined. */
  getText(vmId: string, key: string): string | undefined {
    const v = this.get(vmId, key);
    return v === undefined ? undefined : new TextDecoder().decode(v.value);
  }

  /** The keys stored under `vmId`, in creation order (there is no delete: the list only grows). */
  keys(vmId: string): string[] {
    return [...(this.#byVm.get(vmId)?.keys() ?? [])];
  }

  /** Sets `key` like `proxy_set_shared_data`: Ok, or CasMismatch when `cas` ≠ 0 and stale. */
  set(vmId: string, key: string, value: string | Uint8Array, cas = 0): WasmResult {
    let map = this.#byVm.get(vmId);
    if (!map) this.#byVm.set(vmId, (map = new Map()));
    const existing = map.get(key);
    if (existing && cas !== 0 && cas !== existing.cas) return WasmResult.CasMismatch;
    map.set(key, { value: toBytes(value).slice(), cas: this.#takeCas() });
    return WasmResult.Ok;
  }

  #takeCas(): number {
    const cas = this.#nextCas;
    this.#nextCas = this.#nextCas === 0xffffffff ? 1 : this.#nextCas + 1;
    return cas;
  }
}

/** One shared queue. */
interface Queue {
  token: number;
  vmId: string;
  name: string;
  items: Uint8Array[];
  /** Who gets on_queue_ready: the last registering root context. */
  owner: { vm: Vm; rootContextId: number };
}

export class SharedQueues {
  readonly #byName = new Map<string, Queue>();
  readonly #byToken = new Map<number, Queue>();
  #nextToken = 1;

  /** `proxy_register_shared_queue`: creates or re-binds the queue; returns its token. */
  register(vm: Vm, rootContextId: number, name: string): number {
    const key = `${vm.vmId}\0${name}`;
    const existing = this.#byName.get(key);
    if (existing) {
      existing.owner = { vm, rootContextId };
      return existing.token;
    }
    const queue: Queue = { token: this.#nextToken++, vmId: vm.vmId, name, items: [], owner: { vm, rootContextId } };
    this.#byName.set(key, queue);
    this.#byToken.set(queue.token, queue);
    return queue.token;
  }

  /** `proxy_resolve_shared_queue`: the token of (vmId, name), or undefined. */
  resolve(vmId: string, name: string): number | undefined {
    return this.#byName.get(`${vmId}\0${name}`)?.token;
  }

  /**
   * Enqueues `data` and posts `on_queue_ready` to the owner: after the running callback of
   * `from` when a guest enqueues, at once when a test does. NotFound for an unknown token.
   */
  enqueue(token: number, data: string | Uint8Array, from?: Vm): WasmResult {
    const queue = this.#byToken.get(token);
    if (!queue) return WasmResult.NotFound;
    queue.items.push(toBytes(data).slice());
    const { vm, rootContextId } = queue.owner;
    const notify = () => {
      const root = findContext(vm, rootContextId);
      if (!root || vm.failed) return;
      try {
        vm.call("proxy_on_queue_ready", root, [rootContextId, token]);
      } finally {
        vm.drainDeferred();
      }
    };
    if (from && from.phase !== "idle") from.defer(notify);
    else notify();
    return WasmResult.Ok;
  }

  /** Test helper: enqueues on (vmId, name) like a guest of another VM would. NotFound if absent. */
  enqueueByName(vmId: string, name: string, data: string | Uint8Array): WasmResult {
    const token = this.resolve(vmId, name);
    return token === undefined ? WasmResult.NotFound : this.enqueue(token, data);
  }

  /** `proxy_dequeue_shared_queue`: the oldest item, Empty, or NotFound. */
  dequeue(token: number): Uint8Array | WasmResult {
    const queue = this.#byToken.get(token);
    if (!queue) return WasmResult.NotFound;
    return queue.items.shift() ?? WasmResult.Empty;
  }

  /** Items waiting in (vmId, name), oldest first (empty when the queue does not exist). */
  items(vmId: string, name: string): Uint8Array[] {
    return [...(this.#byName.get(`${vmId}\0${name}`)?.items ?? [])];
  }
}
