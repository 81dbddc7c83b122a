/**
 * Contexts: `proxy_set_effective_context`, `proxy_done` and `proxy_get_status` (the root
 * context's last status: code 11 "reset" after a failed HTTP call).
 */
import { WasmResult } from "../abi/enums.js";
import { findContext } from "../context-registry.js";
import { hostFn } from "./registry.js";
export const contextArea = {
    module: "env",
    create: (vm) => ({
        /**
         * Makes a live context of this VM the one later host calls act on, until the running
         * callback returns (the VM restores its context after every guest call). BadArgument for an
         * unknown or deleted id.
         */
        proxy_set_effective_context: hostFn("i:i", (contextId) => {
            const ctx = findContext(vm, contextId >>> 0);
            if (!ctx)
                return WasmResult.BadArgument;
            vm.currentContext = ctx;
            return WasmResult.Ok;
        }),
        /** Finishes a root context whose on_done returned false (on_delete follows the callback); else NotFound. */
        proxy_done: hostFn(":i", () => vm.currentContext.finishDone()),
        /** Writes the root context's status code and message (empty message: ptr=0, len=0). */
        proxy_get_status: hostFn("iii:i", (outCode, outMsgPtr, outMsgLen) => {
            const ctx = vm.currentContext;
            const rootId = ctx.rootContextId;
            const root = rootId === undefined ? ctx : (findContext(vm, rootId) ?? ctx);
            const { code, message } = root.status;
            if (!vm.memory.writeU32(outCode, code))
                return WasmResult.InvalidMemoryAccess;
            return vm.memory.writeOutput(outMsgPtr, outMsgLen, new TextEncoder().encode(message));
        }),
    }),
};
