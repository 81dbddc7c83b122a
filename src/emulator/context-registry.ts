/**
 * The contexts of each VM by id, as cpp-host keeps them (`wasm->getContext(id)`): a context is
 * registered from its `proxy_on_context_create` until its `proxy_on_delete`. Host functions use
 * it for `proxy_set_effective_context`, and asynchronous events (HTTP-call responses, ticks,
 * queue notifications) use it to drop deliveries to contexts that are gone, as Envoy does.
 */
import type { HostContext } from "./context.ts";
import type { Vm } from "./vm.ts";

const registries = new WeakMap<Vm, Map<number, HostContext>>();

function registry(vm: Vm): Map<number, HostContext> {
  let map = registries.get(vm);
  if (!map) registries.set(vm, (map = new Map()));
  return map;
}

/** Records `ctx` as live in its VM (call just before `proxy_on_context_create`). */
export function registerContext(ctx: HostContext): void {
  registry(ctx.vm).set(ctx.id, ctx);
}

/** Forgets `ctx` (call after its `proxy_on_delete`). */
export function unregisterContext(ctx: HostContext): void {
  registry(ctx.vm).delete(ctx.id);
}

/** The live context `id` of `vm`, or undefined (never created, or deleted). */
export function findContext(vm: Vm, id: number): HostContext | undefined {
  return registries.get(vm)?.get(id);
}
