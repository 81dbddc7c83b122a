import type { HotReloader } from "./reloader.ts";
export interface DevState {
    pid: number;
    controlUrl: string;
    adminUrl: string;
    listenerUrl: string;
    projectRoot: string;
    filters: Record<string, {
        wasm?: string;
        ecds: string;
        previousWasm?: string;
    }>;
}
export declare function statePath(devDir: string): string;
/** Reads a state file; undefined if there is none or the process that wrote it is gone. */
export declare function readState(devDir: string): DevState | undefined;
export interface ControlServer {
    url: string;
    /** Rewrites state.json (after each reload, so it names the serving modules). */
    writeState(): void;
    close(): Promise<void>;
}
/** Serves reload requests for `reloader` and writes build/dev/state.json. */
export declare function startControlServer(reloader: HotReloader, envoy: {
    adminUrl: string;
    listenerUrl: string;
}): Promise<ControlServer>;
