// Validates a filter configuration against the filter's JSON Schema, with errors that name the
// field the way the filters' own onConfigure does: `rules[2].match.path: must be string`.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ajv = new Ajv.default({ allErrors: true, strict: false });

/**
 * Schema fragments the filters' schema.json files `$ref` by id, e.g. the `match` object of
 * envoy-as/lib/match. They live beside the AssemblyScript library they describe, which the
 * package ships: the same relative path from src/config/ (repository) and dist/config/ (package).
 */
export const SHARED_SCHEMAS = [fileURLToPath(new URL("../../assembly/lib/match/match.schema.json", import.meta.url))];
let sharedRegistered = false;

/** Registers SHARED_SCHEMAS with the validator once, by their `$id`. */
function registerSharedSchemas(): void {
  if (sharedRegistered) return;
  for (const file of SHARED_SCHEMAS) {
    const text = readText(file, "a JSON Schema fragment shared by the filters' schemas");
    let schema: { $id?: unknown };
    try {
      schema = JSON.parse(text) as { $id?: unknown };
    } catch (err) {
      throw new ConfigFileError(`${file} is not valid JSON (${(err as Error).message}): fix the schema file`);
    }
    if (typeof schema.$id !== "string") throw new ConfigFileError(`${file} has no "$id": give the fragment the id the filters' schemas $ref`);
    if (!ajv.getSchema(schema.$id)) ajv.addSchema(schema as object);
  }
  sharedRegistered = true;
}
// Keyed by the schema's text, not its path: a long-running process (npm start's hot reload) must see
// an edited schema.json.
const compiled = new Map<string, ValidateFunction>();

/** Turns an Ajv instance path (/rules/2/match) into a field path (rules[2].match). */
export function fieldPath(instancePath: string): string {
  let out = "";
  for (const part of instancePath.split("/").slice(1)) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(key) ? `[${key}]` : out ? `.${key}` : key;
  }
  return out;
}

function describe(error: ErrorObject): string {
  let path = fieldPath(error.instancePath);
  if (error.keyword === "required") path = path ? `${path}.${error.params.missingProperty}` : error.params.missingProperty;
  if (error.keyword === "additionalProperties") {
    const extra = error.params.additionalProperty;
    return `${path ? `${path}.` : ""}${extra}: unknown field (check its spelling against the schema)`;
  }
  return `${path || "(configuration)"}: ${error.message ?? error.keyword}`;
}

/** A schema or configuration file that cannot be used at all; the message names the file and the fix. */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigFileError(code === "ENOENT" ? `${file}: no such file (${what})` : `${file}: cannot read it (${code ?? (err as Error).message})`);
  }
}

/** Validates `config` with the schema at `schemaFile`; returns one message per problem (empty when valid). */
export function validateConfig(config: unknown, schemaFile: string): string[] {
  registerSharedSchemas();
  const schemaText = readText(schemaFile, "the filter's JSON Schema");
  let validate = compiled.get(schemaText);
  if (!validate) {
    let schema: unknown;
    try {
      schema = JSON.parse(schemaText);
    } catch (err) {
      throw new ConfigFileError(`${schemaFile} is not valid JSON (${(err as Error).message}): fix the schema file`);
    }
    try {
      validate = ajv.compile(schema as object);
    } catch (err) {
      throw new ConfigFileError(`${schemaFile} is not a valid JSON Schema (${(err as Error).message}): fix the schema file`);
    }
    compiled.set(schemaText, validate);
  }
  if (validate(config)) return [];
  return (validate.errors ?? []).map(describe);
}

/** Reads and validates a configuration file; JSON syntax errors are reported with the file name. */
export function validateConfigFile(configFile: string, schemaFile: string): string[] {
  let config: unknown;
  const text = readText(configFile, "the configuration to check");
  try {
    config = JSON.parse(text);
  } catch (e) {
    return [`not valid JSON: ${(e as Error).message}`];
  }
  return validateConfig(config, schemaFile);
}
