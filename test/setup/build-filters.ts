// vitest globalSetup: builds this repository's filters (build/<name>.wasm, release and debug) through the
// toolchain's one compile path and cache before any test file runs, so `npx vitest run` works on a fresh
// clone without a separate `npm run build` first. A fresh cache makes this a hash check of the inputs.
import { buildAll } from "../../src/build/index.ts";

export async function setup(): Promise<void> {
  const lines: string[] = [];
  try {
    await buildAll({ log: (line) => lines.push(line) });
  } catch (e) {
    // One line naming what failed, with the build's own output above it.
    throw new Error(`vitest globalSetup: building the filters failed: ${(e as Error).message}\n${lines.join("\n")}`);
  }
  const compiled = lines.find((l) => l.startsWith("compiling"));
  if (compiled) console.log(`globalSetup: ${compiled}`);
}
