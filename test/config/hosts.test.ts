// The one contract on `match.host` (lib/match): schema.json and onConfigure give the same verdict
// on every host form, including the IPv6 literals the generated mutations do not produce.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkConfigContract } from "../../src/config/contract.ts";
import { validateConfig } from "../../src/config/validate.ts";

const SCHEMA = "assembly/filters/header-rewrite/schema.json";
const sample = JSON.parse(readFileSync("assembly/filters/header-rewrite/config.json", "utf8"));
const withHost = (host: string) => {
  const c = structuredClone(sample);
  c.rules[0].match = { ...c.rules[0].match, host };
  return c;
};

// [host, valid]: valid ones are hosts Envoy's virtual-host domains take without a port.
const HOSTS: [string, boolean][] = [
  ["example.com", true], ["EXAMPLE.com", true], ["*.example.com", true], ["[::1]", true], ["[2001:db8::7]", true],
  ["[::ffff:10.0.0.1]", true], ["[::1]:8080", false], ["*.[::1]", false], ["[zz::1]", false], ["[]", false],
  ["a]b", false], ["a[b", false], [".", false], ["*.", false], ["example.com:80", false], ["a.*.com", false], ["", false],
];

describe("match.host: schema.json and onConfigure agree", () => {
  for (const [host, valid] of HOSTS) {
    it(`${JSON.stringify(host)} is ${valid ? "accepted" : "refused"} by both`, async () => {
      const schemaOk = validateConfig(withHost(host), SCHEMA).length === 0;
      const verdict = await checkConfigContract({ name: "header-rewrite", wasm: "build/header-rewrite.wasm" }, withHost(host));
      expect({ schema: schemaOk, onConfigure: verdict.ok }).toEqual({ schema: valid, onConfigure: valid });
    });
  }
});
