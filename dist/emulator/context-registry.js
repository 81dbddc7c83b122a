const registries = new WeakMap();
function registry(vm) {
    let map = registries.get(vm);
    if (!map)
        registries.set(vm, (map = new Map()));
    return map;
}
/** Records `ctx` as live in its VM (call just before `proxy_on_context_create`). */
export function registerContext(ctx) {
    registry(ctx.vm).set(ctx.id, ctx);
}
/** Forgets `ctx` (call after its `proxy_on_delete`). */
export function unregisterContext(ctx) {
    registry(ctx.vm).delete(ctx.id);
}
/** The live context `id` of `vm`, or undefined (never created, or deleted). */
export function findContext(vm, id) {
    return registries.get(vm)?.get(id);
}
