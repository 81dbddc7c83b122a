import type { Vm } from "./vm.ts";
interface Event {
    due: bigint;
    seq: number;
    fire: () => void;
}
export declare class VirtualTimers {
    #private;
    private readonly now;
    constructor(now: () => bigint);
    /** Runs `fire` when the virtual clock reaches `delayMs` from now. */
    schedule(delayMs: number, fire: () => void): void;
    /** Removes and returns the earliest event due at or before `until`, or undefined. */
    takeDue(until: bigint): Event | undefined;
    /** The tick period (ms) set for a root context of `vm`; 0 when none. */
    tickPeriod(vm: Vm, rootContextId: number): number;
    /** `proxy_set_tick_period_milliseconds` for root context `rootContextId` of `vm`. */
    setTickPeriod(vm: Vm, rootContextId: number, periodMs: number): void;
}
export {};
