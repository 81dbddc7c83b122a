// `envoy-as init <name>`: scaffold a filter and its emulator test (src/init/scaffold.ts).
import { parseCommand } from "./args.ts";

export const INIT_USAGE = `usage: envoy-as init <name>
  Adds assembly/filters/<name>/ (index.ts, config.json, schema.json, README.md) and
  test/filters/<name>.test.ts to the project. <name> is lower-case kebab case, e.g. my-filter.
  (A new project: npm create envoy-as@latest my-filters)`;

export async function initCommand(args: string[], projectRoot?: string): Promise<number> {
  const p = parseCommand({ usage: INIT_USAGE, positionals: [1, 1] }, args);
  if (!p) return 0;
  const name = p.positionals[0]!;
  const { InitError, scaffoldFilter } = await import("../init/scaffold.ts");
  const { findProjectRoot } = await import("../paths.ts");
  try {
    const files = scaffoldFilter(projectRoot ?? findProjectRoot(), name);
    console.log(`created filter ${name}:\n${files.map((f) => `  ${f}`).join("\n")}\n`);
    console.log(`next:\n  npx envoy-as build ${name}\n  npx vitest run test/filters/${name}.test.ts   (npm test does both)`);
    return 0;
  } catch (e) {
    if (e instanceof InitError) {
      console.error(`init failed: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
