// Emulator throughput, cold start and linear memory per module: the same .wasm Envoy runs, in
// Node through the project's host emulator. A request is a full stream: request headers, response
// headers, complete(). Rounds are interleaved across modules, as in Envoy.
import { readFileSync } from "node:fs";
import { Host, LOG_LEVEL_OFF, LogLevel } from "../emulator/index.js";
function requestFor(module, jwt) {
    const headers = { ":method": "GET", ":path": "/bench", ":authority": "bench", "user-agent": "envoy-as-bench" };
    if (module.work === "auth" && jwt)
        headers.authorization = `Bearer ${jwt.token}`;
    return headers;
}
async function load(module, jwt) {
    const bytes = readFileSync(module.wasm);
    // The real clock: tokens made at bench time must be valid now, as they are in Envoy.
    const host = new Host({ clock: () => BigInt(Date.now()) * 1000000n });
    host.logLevel = LogLevel.Error; // keep the filter's own words if it rejects its configuration
    const headers = requestFor(module, jwt);
    const started = performance.now();
    const vm = await host.loadVm(bytes, { name: module.key });
    let plugin;
    try {
        plugin = vm.createPlugin({ rootId: module.rootId, configuration: module.configuration });
    }
    catch (e) {
        const said = host.logsAt(LogLevel.Error).concat(host.logsAt(LogLevel.Critical)).slice(-2).join(" | ");
        throw new Error(`${e.message.split("\n")[0]}${said ? `; the filter logged: ${said}` : ""}`);
    }
    host.logLevel = LOG_LEVEL_OFF; // guest log lines are dropped, as by an Envoy at --log-level warning
    const once = () => {
        const stream = plugin.newHttpStream();
        stream.sendRequestHeaders(headers, { endOfStream: true });
        if (!stream.localResponse)
            stream.sendResponseHeaders({ ":status": "200", "content-length": "3" }, { endOfStream: true });
        stream.complete();
        return stream;
    };
    const first = once();
    const coldStartMs = performance.now() - started;
    let checked;
    if (first.localResponse)
        throw new Error(`${module.key}: the first request got a local reply ${first.localResponse.status} in the emulator: the bench request does not pass this filter's configuration`);
    if (module.work === "add-header" || module.work === "header-rewrite" || module.work === "hello-world") {
        const got = first.responseHeader("x-bench");
        if (got !== "envoy-as")
            throw new Error(`${module.key}: response header x-bench is ${JSON.stringify(got)} in the emulator, expected "envoy-as"`);
        checked = "x-bench: envoy-as";
    }
    else if (module.work === "auth") {
        const denied = plugin.newHttpStream();
        const { authorization: _, ...withoutToken } = headers;
        denied.sendRequestHeaders(withoutToken, { endOfStream: true });
        denied.complete();
        if (denied.localResponse?.status !== 401)
            throw new Error(`${module.key}: a request without a token got ${denied.localResponse?.status ?? "through"} in the emulator, expected 401`);
        checked = "token admitted, no token 401";
    }
    else {
        checked = "request admitted";
    }
    return {
        module,
        vm,
        plugin,
        request: () => void once(),
        result: { key: module.key, label: module.label, coldStartMs, rps: 0, samples: [], usPerRequest: 0, memoryAfterWarmup: 0, memoryAfterRun: 0, requests: 1, flat: true, checked },
    };
}
export function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
export async function runEmulator(modules, jwt, o, log) {
    const loaded = [];
    const errors = [];
    for (const m of modules) {
        try {
            const l = await load(m, jwt);
            for (let i = 0; i < o.warmupRequests; i++)
                l.request();
            l.result.requests += o.warmupRequests;
            l.result.memoryAfterWarmup = l.vm.memoryBytes();
            loaded.push(l);
        }
        catch (e) {
            errors.push({ key: m.key, reason: e.message.split("\n")[0] });
        }
    }
    for (let round = 0; round < o.rounds; round++) {
        const order = round % 2 ? [...loaded].reverse() : loaded;
        for (const l of order) {
            let n = 0;
            const start = performance.now();
            let now = start;
            while (now - start < o.durationMs) {
                for (let i = 0; i < 200; i++)
                    l.request();
                n += 200;
                now = performance.now();
            }
            l.result.samples.push((n * 1000) / (now - start));
            l.result.requests += n;
        }
        log(`bench: emulator round ${round + 1}/${o.rounds} done`);
    }
    for (const l of loaded) {
        const r = l.result;
        r.rps = median(r.samples);
        r.usPerRequest = 1e6 / r.rps;
        r.memoryAfterRun = l.vm.memoryBytes();
        r.flat = r.memoryAfterRun <= r.memoryAfterWarmup;
    }
    return { results: loaded.map((l) => l.result), errors };
}
