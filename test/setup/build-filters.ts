// vitest globalSetup: builds what the tests load before any test file runs, so `npx vitest run <file>`
// works on a fresh clone without separate build steps:
// - this repository's filters and test fixtures (build/<name>.wasm, release and debug), through the
//   toolchain's one compile path and cache;
// - the Rust SDK corpus (build/test/rust/), cached per machine, when Debian's Rust toolchain is here.
// Fresh caches make both a hash check of the inputs.
import { buildAll } from "../../src/build/index.ts";
import { buildCorpus, toolchainProblem } from "../../src/testing/rust-corpus.ts";

export async function setup(): Promise<void> {
  const lines: string[] = [];
  try {
    await buildAll({ log: (line) => lines.push(line) });
  } catch (e) {
    throw new Error(`vitest globalSetup: building the filters failed: ${(e as Error).message}\n${lines.join("\n")}`);
  }
  const compiled = lines.find((l) => l.startsWith("compiling"));
  if (compiled) console.log(`globalSetup: ${compiled}`);
  const problem = await toolchainProblem();
  if (problem) {
    // Only the Rust-corpus suites need it; they fail with the missing file named. CI installs it (.ci/run).
    console.log(`globalSetup: the Rust corpus is not built (its tests will fail): ${problem}`);
    return;
  }
  await buildCorpus((line) => console.log(`globalSetup: ${line}`));
}
