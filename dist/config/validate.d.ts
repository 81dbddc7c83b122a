/** Turns an Ajv instance path (/rules/2/match) into a field path (rules[2].match). */
export declare function fieldPath(instancePath: string): string;
/** A schema or configuration file that cannot be used at all; the message names the file and the fix. */
export declare class ConfigFileError extends Error {
    name: string;
}
/** Validates `config` with the schema at `schemaFile`; returns one message per problem (empty when valid). */
export declare function validateConfig(config: unknown, schemaFile: string): string[];
/** Reads and validates a configuration file; JSON syntax errors are reported with the file name. */
export declare function validateConfigFile(configFile: string, schemaFile: string): string[];
