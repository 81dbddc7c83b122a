// Scaffolds a new filter from src/init/templates: assembly/filters/<name>/{index.ts,
// config.json, schema.json, README.md} and test/filters/<name>.test.ts. Refuses to overwrite.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
const TEMPLATES = join(dirname(fileURLToPath(import.meta.url)), "templates");
/** Lower-case kebab case: starts with a letter, words of [a-z0-9] joined by single dashes. */
export const FILTER_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export class InitError extends Error {
    name = "InitError";
}
/** Why `name` is not a valid filter name, or undefined when it is. */
export function invalidName(name) {
    if (!FILTER_NAME.test(name)) {
        return `"${name}" is not a valid filter name: use lower-case kebab case (letters, digits and single dashes, starting with a letter), e.g. "my-filter"`;
    }
    if (name.length > 64)
        return `"${name}" is too long (64 characters at most)`;
    return undefined;
}
/** "my-filter" → "MyFilter" (the template's class names). */
export function className(name) {
    return name.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}
/** Files the scaffold writes, relative to the project root, with their template. */
function plan(name) {
    const dir = `assembly/filters/${name}`;
    return [
        [`${dir}/index.ts`, "index.ts.tmpl"],
        [`${dir}/config.json`, "config.json.tmpl"],
        [`${dir}/schema.json`, "schema.json.tmpl"],
        [`${dir}/README.md`, "README.md.tmpl"],
        [`test/filters/${name}.test.ts`, "test.ts.tmpl"],
    ];
}
/**
 * Writes the new filter's files under `projectRoot` and returns their paths (relative). Throws
 * InitError for an invalid name or when the filter folder or its test already exists.
 */
export function scaffoldFilter(projectRoot, name) {
    const invalid = invalidName(name);
    if (invalid)
        throw new InitError(invalid);
    const files = plan(name);
    const folder = join(projectRoot, "assembly/filters", name);
    if (existsSync(folder))
        throw new InitError(`assembly/filters/${name} already exists; not overwriting it (pick another name or remove the folder)`);
    for (const [rel] of files) {
        if (existsSync(join(projectRoot, rel)))
            throw new InitError(`${rel} already exists; not overwriting it`);
    }
    const fill = (text) => text.replaceAll("__NAME__", name).replaceAll("__CLASS__", className(name));
    for (const [rel, template] of files) {
        const path = join(projectRoot, rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, fill(readFileSync(join(TEMPLATES, template), "utf8")), { flag: "wx" });
    }
    return files.map(([rel]) => relative(projectRoot, join(projectRoot, rel)));
}
