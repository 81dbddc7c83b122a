// The dev-loop compiler: one filter, one target, in this process (asc stays loaded and JIT-warm
// between compiles), output kept in memory. Compared with `envoy-as build` it skips the debug
// target and compiles the release target without Binaryen's optimizer by default (optimizeLevel 0,
// no `converge`; asconfig.json's release settings otherwise): optimization is ~80% of a compile, and
// -O0 takes header-rewrite from ~1.2 s (-O1) to ~0.3 s. The module is bigger, not different: the
// build's import checks run on it all the same. It also records every project file asc read, so a later change to a shared file
// (assembly/sdk/**, assembly/lib/**) rebuilds only the filters that actually import it.
import { effectiveConfigText, readProjectAsconfig, runAsc } from "../build/asc.js";
import { hashContents } from "../build/cache.js";
export { hashInputs } from "../build/cache.js";
const DEV_TARGET = "dev";
/** The dev target: release's settings at the dev optimization level, no converge. */
function devTarget(projectRoot, o) {
    const release = readProjectAsconfig(projectRoot).targets?.release ?? {};
    return { ...release, optimizeLevel: o.optimizeLevel ?? 0, shrinkLevel: o.shrinkLevel ?? 0, converge: false, debug: false };
}
/** The effective configuration of dev builds (the project's asconfig.json + SDK options + the dev target). */
export function devConfigText(projectRoot, o = {}) {
    return effectiveConfigText(projectRoot, { [DEV_TARGET]: devTarget(projectRoot, o) });
}
/** Compiles `filter` with the dev settings; never writes files. */
export async function compileDev(projectRoot, filter, o = {}) {
    const r = await runAsc({ projectRoot, entry: filter.entry, target: DEV_TARGET, extraTargets: { [DEV_TARGET]: devTarget(projectRoot, o) } });
    return {
        ok: r.ok,
        binary: r.binary,
        diagnostics: r.diagnostics,
        deps: r.deps,
        inputHash: hashContents(r.contents, r.configText),
        millis: r.millis,
        phases: r.phases,
    };
}
