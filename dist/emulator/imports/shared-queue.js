/** Shared queues: register/resolve/enqueue/dequeue, keyed by (vm_id, name) (see ../shared-data.ts). */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const sharedQueueArea = {
    module: "env",
    create: (vm) => {
        const queues = vm.host.sharedQueues;
        return {
            /** Creates or re-binds the queue to the caller's root context (on_queue_ready goes there). */
            proxy_register_shared_queue: hostFn("iii:i", (namePtr, nameLen, outToken) => {
                const name = vm.memory.string(namePtr, nameLen);
                if (name === undefined)
                    return WasmResult.InvalidMemoryAccess;
                const rootId = vm.currentContext.rootContextId;
                if (rootId === undefined)
                    return WasmResult.BadArgument;
                const token = queues.register(vm, rootId, name);
                return vm.memory.writeU32(outToken, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
            }),
            /** The token of a queue of `vm_id` (empty: this VM's); NotFound if it does not exist. */
            proxy_resolve_shared_queue: hostFn("iiiii:i", (vmIdPtr, vmIdLen, namePtr, nameLen, outToken) => {
                const vmId = vm.memory.string(vmIdPtr, vmIdLen);
                const name = vm.memory.string(namePtr, nameLen);
                if (vmId === undefined || name === undefined)
                    return WasmResult.InvalidMemoryAccess;
                const token = queues.resolve(vmId === "" ? vm.vmId : vmId, name);
                if (token === undefined)
                    return WasmResult.NotFound;
                return vm.memory.writeU32(outToken, token) ? WasmResult.Ok : WasmResult.InvalidMemoryAccess;
            }),
            /** Appends an item; the owner's on_queue_ready runs after the current callback. NotFound for an unknown token. */
            proxy_enqueue_shared_queue: hostFn("iii:i", (token, dataPtr, dataLen) => {
                const data = vm.memory.bytes(dataPtr, dataLen);
                if (data === undefined)
                    return WasmResult.InvalidMemoryAccess;
                return queues.enqueue(token >>> 0, data, vm);
            }),
            /** Pops the oldest item; Empty when none, NotFound for an unknown token. */
            proxy_dequeue_shared_queue: hostFn("iii:i", (token, outPtr, outLen) => {
                const item = queues.dequeue(token >>> 0);
                if (typeof item === "number")
                    return item;
                return vm.memory.writeOutput(outPtr, outLen, item);
            }),
        };
    },
};
