// `envoy-as validate <filter> <config.json>`: the same checks the build applies to a filter's
// sample configuration, for a configuration about to be deployed.
import { findFilters } from "../build/filters.js";
import { validateConfigFile } from "../config/validate.js";
export async function validateCommand(args) {
    const [name, file] = args;
    if (!name || !file) {
        console.error("usage: envoy-as validate <filter> <config.json>");
        return 2;
    }
    const filter = findFilters(process.cwd()).find((f) => f.name === name);
    if (!filter) {
        console.error(`unknown filter "${name}"`);
        return 2;
    }
    if (!filter.schema) {
        console.error(`filter "${name}" has no schema.json; nothing to validate against`);
        return 2;
    }
    const problems = validateConfigFile(file, filter.schema);
    if (problems.length) {
        console.error(`${file} is invalid for ${name}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        return 1;
    }
    console.log(`${file}: valid ${name} configuration`);
    return 0;
}
