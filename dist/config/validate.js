// Validates a filter configuration against the filter's JSON Schema, with errors that name the
// field the way the filters' own onConfigure does: `rules[2].match.path: must be string`.
import Ajv from "ajv";
import { readFileSync } from "node:fs";
const ajv = new Ajv.default({ allErrors: true, strict: false });
// Keyed by the schema's text, not its path: a long-running process (npm start's hot reload) must see
// an edited schema.json.
const compiled = new Map();
/** Turns an Ajv instance path (/rules/2/match) into a field path (rules[2].match). */
export function fieldPath(instancePath) {
    let out = "";
    for (const part of instancePath.split("/").slice(1)) {
        const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
        out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
    }
    return out;
}
function describe(error) {
    let path = fieldPath(error.instancePath);
    if (error.keyword === "required")
        path = path ? `${path}.${error.params.missingProperty}` : error.params.missingProperty;
    if (error.keyword === "additionalProperties") {
        const extra = error.params.additionalProperty;
        return `${path ? `${path}.` : ""}${extra}: unknown field (check its spelling against the schema)`;
    }
    return `${path || "(configuration)"}: ${error.message ?? error.keyword}`;
}
/** Validates `config` with the schema at `schemaFile`; returns one message per problem (empty when valid). */
export function validateConfig(config, schemaFile) {
    const schemaText = readFileSync(schemaFile, "utf8");
    let validate = compiled.get(schemaText);
    if (!validate) {
        validate = ajv.compile(JSON.parse(schemaText));
        compiled.set(schemaText, validate);
    }
    if (validate(config))
        return [];
    return (validate.errors ?? []).map(describe);
}
/** Reads and validates a configuration file; JSON syntax errors are reported with the file name. */
export function validateConfigFile(configFile, schemaFile) {
    let config;
    try {
        config = JSON.parse(readFileSync(configFile, "utf8"));
    }
    catch (e) {
        return [`not valid JSON: ${e.message}`];
    }
    return validateConfig(config, schemaFile);
}
