// `envoy-as init <name>`: scaffold a filter and its emulator test (src/init/scaffold.ts).
import { InitError, scaffoldFilter } from "../init/scaffold.js";
export async function initCommand(args, projectRoot = process.cwd()) {
    const names = args.filter((a) => !a.startsWith("-"));
    if (names.length !== 1) {
        console.error("usage: envoy-as init <name>   (lower-case kebab case, e.g. my-filter)");
        return 2;
    }
    const name = names[0];
    try {
        const files = scaffoldFilter(projectRoot, name);
        console.log(`created filter ${name}:\n${files.map((f) => `  ${f}`).join("\n")}\n`);
        console.log(`next:\n  npx envoy-as build ${name}\n  npx vitest run test/filters/${name}.test.ts`);
        return 0;
    }
    catch (e) {
        if (e instanceof InitError) {
            console.error(`init failed: ${e.message}`);
            return 1;
        }
        throw e;
    }
}
