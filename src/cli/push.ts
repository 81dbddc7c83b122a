// `envoy-as push <filter|layout-dir> <host/repo:tag> [--variant compat|wasm] [--username U] [--password-stdin]`
import { existsSync } from "node:fs";
import { flag, parseArgs } from "./args.ts";
import { assertPackageCurrent } from "../package/freshness.ts";
import { readLayoutIndex } from "../package/layout.ts";
import type { Variant } from "../package/media-types.ts";
import { layoutDir } from "../package/package.ts";
import { findProjectRoot } from "../paths.ts";
import { pushLayout } from "../package/push.ts";
import type { Credentials } from "../package/registry/auth.ts";

export const PUSH_USAGE = `usage: envoy-as push <filter|layout-dir> <host[:port]/repo:tag> [--variant compat|wasm] [--username U] [--password-stdin]
  Uploads one image of build/oci/<filter>/ (envoy-as package) over the OCI distribution API.
  Refuses a layout that no longer holds build/<filter>.wasm (rebuilt since packaging).
  --variant    compat (default; any registry, docker/podman can pull it) or wasm (Wasm artifact media types)
  Credentials: --username U with the password on stdin (--password-stdin), or the environment
               variables ENVOY_AS_REGISTRY_USERNAME / ENVOY_AS_REGISTRY_PASSWORD. Anonymous otherwise.
  Transport:   http for localhost/127.0.0.1/[::1] registries, https for every other host.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export async function pushCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, ["variant", "username"], ["password-stdin", "help"]);
  } catch (err) {
    console.error(`${(err as Error).message}\n${PUSH_USAGE}`);
    return 2;
  }
  if (flag(parsed, "help")) return console.log(PUSH_USAGE), 0;
  const [source, target] = parsed.positional;
  if (!source || !target || parsed.positional.length > 2) {
    console.error(PUSH_USAGE);
    return 2;
  }
  const variant = (flag(parsed, "variant") ?? "compat") as Variant;
  if (variant !== "compat" && variant !== "wasm") {
    console.error(`--variant: ${JSON.stringify(variant)} is not compat or wasm`);
    return 2;
  }
  const username = flag(parsed, "username") ?? process.env.ENVOY_AS_REGISTRY_USERNAME;
  let password = process.env.ENVOY_AS_REGISTRY_PASSWORD;
  if (flag(parsed, "password-stdin")) password = await readStdin();
  if (username && password === undefined) {
    console.error("--username needs a password: pipe it to --password-stdin or set ENVOY_AS_REGISTRY_PASSWORD");
    return 2;
  }
  const credentials: Credentials | undefined = username ? { username, password: password ?? "" } : undefined;
  const isLayout = existsSync(`${source}/index.json`);
  const root = isLayout ? process.cwd() : findProjectRoot();
  const dir = isLayout ? source : layoutDir(source, root);
  try {
    // A filter name: its layout must still hold build/<filter>.wasm (an explicit layout is taken as is).
    if (!isLayout) assertPackageCurrent(source, dir, root);
    const entry = readLayoutIndex(dir).find((m) => m.variant === variant);
    console.log(`pushing ${variant} image ${entry?.descriptor.digest ?? "(missing)"} of ${source} to ${target}`);
    const r = await pushLayout(dir, target, { variant, credentials, progress: (l) => console.log(l) });
    console.log(`pushed ${r.ref} (${r.uploaded} uploaded, ${r.skipped} already there)`);
    console.log(`digest ${r.digest}`);
    console.log(`pin it: ${r.ref.replace(/:[^/:]+$/, "")}@${r.digest}   (Istio/EG sha256: ${r.digest.slice(7)})`);
    return 0;
  } catch (err) {
    console.error(`push failed: ${(err as Error).message}`);
    return 1;
  }
}

