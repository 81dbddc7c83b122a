/**
 * The contexts of each VM by id, as cpp-host keeps them (`wasm->getContext(id)`): a context is
 * registered from its `proxy_on_context_create` until its `proxy_on_delete`. Host functions use
 * it for `proxy_set_effective_context`, and asynchronous events (HTTP-call responses, ticks,
 * queue notifications) use it to drop deliveries to contexts that are gone, as Envoy does.
 */
import type { HostContext } from "./context.ts";
import type { Vm } from "./vm.ts";
/** Records `ctx` as live in its VM (call just before `proxy_on_context_create`). */
export declare function registerContext(ctx: HostContext): void;
/** Forgets `ctx` (call after its `proxy_on_delete`). */
export declare function unregisterContext(ctx: HostContext): void;
/** The live context `id` of `vm`, or undefined (never created, or deleted). */
export declare function findContext(vm: Vm, id: number): HostContext | undefined;
