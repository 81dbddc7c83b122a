/**
 * Events on the host's virtual clock: each root context's tick timer (per VM, as Envoy arms one
 * timer per root context per worker) and HTTP-call deadlines. {@link Host.advanceTime} fires
 * whatever falls due, in time order, with the clock set to each event's due time.
 *
 * Tick timers follow Envoy's `Wasm::setTickPeriod`: the timer is armed when the period goes from
 * 0 to non-zero; a change while it is armed applies from the next re-arm; after each tick it is
 * re-armed with the period then current (0 = not re-armed, so setting 0 stops after at most one
 * more tick already armed).
 */
import { findContext } from "./context-registry.js";
export class VirtualTimers {
    now;
    #events = [];
    #ticks = new WeakMap();
    #seq = 0;
    constructor(now) {
        this.now = now;
    }
    /** Runs `fire` when the virtual clock reaches `delayMs` from now. */
    schedule(delayMs, fire) {
        this.#events.push({ due: this.now() + BigInt(Math.round(delayMs * 1_000_000)), seq: this.#seq++, fire });
    }
    /** Removes and returns the earliest event due at or before `until`, or undefined. */
    takeDue(until) {
        let best = -1;
        for (let i = 0; i < this.#events.length; i++) {
            const e = this.#events[i];
            if (e.due > until)
                continue;
            if (best < 0 || e.due < this.#events[best].due || (e.due === this.#events[best].due && e.seq < this.#events[best].seq))
                best = i;
        }
        return best < 0 ? undefined : this.#events.splice(best, 1)[0];
    }
    /** The tick period (ms) set for a root context of `vm`; 0 when none. */
    tickPeriod(vm, rootContextId) {
        return this.#ticks.get(vm)?.get(rootContextId)?.period ?? 0;
    }
    /** `proxy_set_tick_period_milliseconds` for root context `rootContextId` of `vm`. */
    setTickPeriod(vm, rootContextId, periodMs) {
        let timers = this.#ticks.get(vm);
        if (!timers)
            this.#ticks.set(vm, (timers = new Map()));
        let timer = timers.get(rootContextId);
        if (!timer)
            timers.set(rootContextId, (timer = { period: 0, armed: false }));
        timer.period = periodMs;
        if (periodMs > 0 && !timer.armed)
            this.#arm(vm, rootContextId, timer);
    }
    #arm(vm, rootContextId, timer) {
        timer.armed = true;
        this.schedule(timer.period, () => {
            timer.armed = false;
            const root = findContext(vm, rootContextId);
            if (!root || vm.failed)
                return; // Envoy drops ticks of deleted contexts and failed VMs
            try {
                vm.call("proxy_on_tick", root, [rootContextId]);
            }
            finally {
                vm.drainDeferred();
            }
            if (timer.period > 0 && !timer.armed && !vm.failed)
                this.#arm(vm, rootContextId, timer);
        });
    }
}
