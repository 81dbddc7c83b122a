#!/usr/bin/env node
// The `envoy-as` command. Installed from npm it runs the compiled CLI (dist/cli/index.js). In a
// checkout of the envoy-as repository (src/ present, tsx installed as a dev dependency) it runs the
// TypeScript sources, so contributors never run a stale dist/.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/index.ts", import.meta.url);
let tsx;
if (existsSync(source)) {
  try {
    tsx = await import("tsx/esm/api");
  } catch {
    // not a development checkout: use dist/
  }
}
if (tsx) {
  tsx.register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli/index.js", import.meta.url).href);
}
