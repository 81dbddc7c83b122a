/** Timers: `proxy_set_tick_period_milliseconds`, per root context per VM (see ../timers.ts). */
import { WasmResult } from "../abi/enums.js";
import { hostFn } from "./registry.js";
export const timersArea = {
    module: "env",
    create: (vm) => ({
        /** Sets the tick period of the caller's root context (a stream sets its root's); 0 stops re-arming. */
        proxy_set_tick_period_milliseconds: hostFn("i:i", (periodMs) => {
            const rootId = vm.currentContext.rootContextId;
            if (rootId === undefined)
                return WasmResult.BadArgument;
            vm.host.timers.setTickPeriod(vm, rootId, periodMs >>> 0);
            return WasmResult.Ok;
        }),
    }),
};
