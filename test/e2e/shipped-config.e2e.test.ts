// The checked-in generated files are up to date, and Envoy 1.40 accepts every shipped config.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { staleShipped, CONTAINER_BUILD_DIR, CONTAINER_ENVOY_DIR } from "../../src/envoy/generate.ts";
import { ensureEnvoy } from "../../src/envoy/install.ts";
import { PACKAGE_ROOT } from "../../src/paths.ts";
import { BUILD_DIR, MODE, requireWasm } from "./support/target.ts";

const run = promisify(execFile);
const ENVOY_DIR = join(PACKAGE_ROOT, "envoy");

describe.runIf(MODE === "local")("shipped Envoy configs", () => {
  it("are up to date with src/envoy/generate.ts", async () => {
    expect(await staleShipped(), "run: npx tsx src/envoy/generate.ts").toEqual([]);
  });

  const configs = readdirSync(ENVOY_DIR).filter((f) => f.endsWith(".yaml"));

  it.each(configs)("envoy --mode validate accepts envoy/%s", async (file) => {
    requireWasm("hello-world.wasm");
    const envoy = await ensureEnvoy();
    // The files use container paths (build/ mounted at /build); Envoy validates that modules exist.
    const text = readFileSync(join(ENVOY_DIR, file), "utf8").replaceAll(`${CONTAINER_BUILD_DIR}/`, `${BUILD_DIR}/`);
    const dir = mkdtempSync(join(tmpdir(), "envoy-as-validate-"));
    try {
      const path = join(dir, file);
      writeFileSync(path, text);
      const { stdout, stderr } = await run(envoy, ["--mode", "validate", "-c", path, "--disable-hot-restart"]).catch(
        (e: { stdout: string; stderr: string; message: string }) => {
          throw new Error(`envoy --mode validate rejected envoy/${file}:\n${e.stderr}\n${e.stdout}`);
        },
      );
      expect(stdout + stderr).toContain(`configuration '${path}' OK`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("docker-compose.yml mounts build/ and envoy/ where the configs expect them", () => {
    const compose = YAML.parse(readFileSync(join(PACKAGE_ROOT, "docker-compose.yml"), "utf8"));
    const envoy = compose.services.envoy;
    expect(envoy.image).toBe("${ENVOY_IMAGE:-envoyproxy/envoy:v1.40.0}");
    expect(envoy.volumes).toContain(`\${BUILD_DIR:-./build}:${CONTAINER_BUILD_DIR}:ro`);
    expect(envoy.volumes).toContain(`\${ENVOY_CONFIG_DIR:-./envoy}:${CONTAINER_ENVOY_DIR}:ro`);
    expect(envoy.command).toContain(`${CONTAINER_ENVOY_DIR}/\${ENVOY_CONFIG:-demo.yaml}`);
    for (const p of [...envoy.ports]) expect(p).toMatch(/^127\.0\.0\.1:/);
    expect(compose.services.upstream.command.slice(0, 2)).toEqual(["node", "/app/echo.mjs"]);
  });
});
