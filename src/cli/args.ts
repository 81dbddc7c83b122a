// Argument parsing for every command: node:util parseArgs in strict mode (unknown flags and
// missing values are refused before any work), `--help`/-h on each command, and one-line errors
// that name the flag. Value checks that need more than a type (ports, levels) go through `intArg`.
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "node:util";

/** Bad command-line input: printed as one line plus the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

export interface CommandSpec {
  usage: string;
  options?: NonNullable<ParseArgsConfig["options"]>;
  /** Positional arguments allowed: [min, max]. Default [0, Infinity]. */
  positionals?: [number, number];
}

export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Parses `args` for a command; returns undefined after printing the usage for --help. Throws UsageError. */
export function parseCommand(spec: CommandSpec, args: string[]): Parsed | undefined {
  let parsed: Parsed;
  try {
    parsed = nodeParseArgs({
      args,
      options: { ...spec.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    }) as Parsed;
  } catch (err) {
    throw new UsageError(describeParseError(err as Error), spec.usage);
  }
  if (parsed.values.help) {
    console.log(spec.usage);
    return undefined;
  }
  const [min, max] = spec.positionals ?? [0, Infinity];
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const what = parsed.positionals.length < min ? "missing argument" : `unexpected argument "${parsed.positionals[max]}"`;
    throw new UsageError(what, spec.usage);
  }
  return parsed;
}

/** node's parseArgs messages, shortened to the flag and what is wrong with it. */
function describeParseError(err: Error): string {
  const code = (err as { code?: string }).code;
  const flag = /'(-[^']*)'/.exec(err.message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${flag ?? err.message}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (/argument missing/.test(err.message)) return `option ${flag ?? ""} needs a value`.replace("  ", " ");
    return `option ${flag ?? ""} takes no value`.replace("  ", " ");
  }
  return err.message.split("\n")[0]!;
}

/** The last value of a string option (options given twice: the last wins). */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  const last = Array.isArray(v) ? v.at(-1) : v;
  return typeof last === "string" ? last : undefined;
}

/** Every value of a repeatable string option. */
export function strs(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/** A boolean option. */
export function bool(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** An integer option in [min, max], or undefined when absent; UsageError naming the flag otherwise. */
export function intArg(p: Parsed, name: string, min: number, max: number, what = "an integer"): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`--${name}: expected ${what} (${min}-${max}), got "${v}"`);
  return n;
}

/** Flags by name (every value of each, in order) and positionals: the shape the packaging commands use. */
export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * Parses `args` with string options `known` and boolean options `booleans` (all repeatable), in
 * strict mode; throws UsageError naming an unknown flag or a missing value.
 */
export function parseArgs(args: string[], known: readonly string[], booleans: readonly string[] = []): ParsedArgs {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const k of known) options[k] = { type: "string", multiple: true };
  for (const b of booleans) options[b] = { type: "boolean", multiple: true };
  let r: Parsed;
  try {
    r = nodeParseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    throw new UsageError(describeParseError(err as Error));
  }
  const flags = new Map<string, string[]>();
  for (const [k, v] of Object.entries(r.values)) flags.set(k, (Array.isArray(v) ? v : [v]).map(String));
  return { positional: r.positionals, flags };
}

/** Last value of a flag. */
export function flag(p: ParsedArgs, name: string): string | undefined {
  return p.flags.get(name)?.at(-1);
}

/** All values of a repeatable flag. */
export function flags(p: ParsedArgs, name: string): string[] {
  return p.flags.get(name) ?? [];
}
