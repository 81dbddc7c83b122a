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
/** A schema or configuration file that cannot be used at all; the message names the file and the fix. */
export class ConfigFileError extends Error {
    name = "ConfigFileError";
}
function readText(file, what) {
    try {
        return readFileSync(file, "utf8");
    }
    catch (err) {
        const code = err.code;
        throw new ConfigFileError(code === "ENOENT" ? `${file}: no such file (${what})` : `${file}: cannot read it (${code ?? err.message})`);
    }
}
/** Validates `config` with the schema at `schemaFile`; returns one message per problem (empty when valid). */
export function validateConfig(config, schemaFile) {
    const schemaText = readText(schemaFile, "the filter's JSON Schema");
    let validate = compiled.get(schemaText);
    if (!validate) {
        let schema;
        try {
            schema = JSON.parse(schemaText);
        }
        catch (err) {
            throw new ConfigFileError(`${schemaFile} is not valid JSON (${err.message}): fix the schema file`);
        }
        try {
            validate = ajv.compile(schema);
        }
        catch (err) {
            throw new ConfigFileError(`${schemaFile} is not a valid JSON Schema (${err.message}): fix the schema file`);
        }
        compiled.set(schemaText, validate);
    }
    if (validate(config))
        return [];
    return (validate.errors ?? []).map(describe);
}
/** Reads and validates a configuration file; JSON syntax errors are reported with the file name. */
export function validateConfigFile(configFile, schemaFile) {
    let config;
    const text = readText(configFile, "the configuration to check");
    try {
        config = JSON.parse(text);
    }
    catch (e) {
        return [`not valid JSON: ${e.message}`];
    }
    return validateConfig(config, schemaFile);
}
