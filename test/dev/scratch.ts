// A scratch project for hot-reload tests and the benchmark: package.json and asconfig.json, filters
// written into assembly/filters/. Filters import the SDK as "envoy-as", which the toolchain serves
// from this repository (src/build/asc.ts), as it does for a user's project.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export interface ScratchProject {
  dir: string;
  /** Write a file under the project (creating folders), e.g. write("assembly/filters/a/index.ts", src). */
  write(rel: string, text: string): void;
  read(rel: string): string;
  remove(): void;
}

export function scratchProject(prefix = "envoy-as-hot-reload-"): ScratchProject {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(REPO_ROOT, "asconfig.json"), join(dir, "asconfig.json"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  mkdirSync(join(dir, "assembly/filters"), { recursive: true });
  return {
    dir,
    write(rel, text) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    },
    read: (rel) => readFileSync(join(dir, rel), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A small filter whose behaviour is visible in every response:
 *   x-version: the VERSION constant in its code;   x-tag: its configuration's "tag";
 *   x-shared: SHARED from ../../shared/marker (only if `sharedImport`).
 * Its onConfigure returns false for {"reject": true} (Envoy then rejects the update).
 */
export function versionFilter(name: string, version: string, opts: { sharedImport?: boolean } = {}): string {
  return `
import { Configuration, HeadersAction, HttpContext, RootContext, log, registerRootContext, response } from "envoy-as";
import { Json } from "envoy-as/sdk/json";
${opts.sharedImport ? `import { SHARED } from "../../shared/marker";` : ""}
export * from "envoy-as/sdk/abi/exports";

const VERSION = "${version}";

class Root extends RootContext {
  tag: string = "";
  onConfigure(configuration: Configuration): bool {
    const text = configuration.toString();
    if (text.length == 0) return true;
    const config = Json.parse(text).value;
    if (config === null || !config.isObject) {
      log.error("${name}: configuration must be a JSON object");
      return false;
    }
    const reject = config.get("reject");
    if (reject !== null && reject.isBool && reject.bool) {
      log.error("${name}: configuration rejected on purpose (reject=true)");
      return false;
    }
    const tag = config.get("tag");
    if (tag !== null && tag.isString) this.tag = tag.str;
    return true;
  }
  newHttpContext(id: u32): HttpContext {
    return new Stream(id, this);
  }
}

class Stream extends HttpContext {
  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    response.headers.set("x-version", VERSION);
    response.headers.set("x-tag", (this.root as Root).tag);
    ${opts.sharedImport ? `response.headers.set("x-shared", SHARED);` : ""}
    return HeadersAction.Continue;
  }
}

registerRootContext("${name}", (id: u32): RootContext => new Root(id));
`;
}

export const VERSION_FILTER_SCHEMA = JSON.stringify({
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  // cluster: read by no code; a configuration that names a callout cluster (start warns about new ones).
  properties: { tag: { type: "string", maxLength: 40 }, reject: { type: "boolean" }, cluster: { type: "string" } },
});
