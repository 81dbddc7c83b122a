// `envoy-as build [filter…] [--force]`
import { BuildError, buildAll } from "../build/index.js";
export async function buildCommand(args) {
    const force = args.includes("--force");
    const only = args.filter((a) => !a.startsWith("--"));
    try {
        await buildAll({ only, force });
        return 0;
    }
    catch (e) {
        if (e instanceof BuildError) {
            console.error(`build failed: ${e.message}`);
            return 1;
        }
        throw e;
    }
}
