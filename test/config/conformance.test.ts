// One configuration contract per filter (issue 19): schema.json (the build, `envoy-as validate`)
// and onConfigure (config.ts, in the guest) must give the same verdict on every configuration.
// Envoy keeps the previous configuration when onConfigure fails, so a configuration the build
// lets through and the filter refuses is a silent outage; the reverse refuses a working one.
//
// For each filter the seeds are its config.json, the samples in its README and the object
// literals in test/filters/<filter>*.test.ts; mutations come from walking schema.json (see
// mutate.ts): every systematic one of every seed, then seeded random stacks of them. Each
// configuration goes through both validators; a disagreement prints the configuration, the
// schema's error paths and the filter's log line. CONTRACT_SEED=<n> runs other random mutants;
// CONTRACT_REPORT=<file> appends every disagreement to <file> (the failure shows the first 25).
import { appendFileSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigureRejected, Host, type Vm } from "../../src/emulator/index.ts";
import { SHARED_SCHEMAS, validateConfig } from "../../src/config/validate.ts";
import { Rng } from "../fuzz/support.ts";
import { bundle, filterTestFiles, mutations, randomMutants, readmeSamples, testLiterals, type Mutant, type Schema } from "./mutate.ts";

interface FilterUnderTest {
  name: string;
  rootId?: string;
  /** Random mutants on top of the systematic ones. */
  random: number;
  /** Distinct configurations the run must reach (hello-world has two fields: a few hundred is all there is). */
  atLeast: number;
}

const FILTERS: FilterUnderTest[] = [
  { name: "auth", rootId: "auth", random: 1500, atLeast: 2000 },
  { name: "header-rewrite", random: 1500, atLeast: 2000 },
  { name: "rate-limit", random: 1500, atLeast: 2000 },
  { name: "hello-world", rootId: "hello-world", random: 1000, atLeast: 250 },
];

/**
 * Rules JSON Schema cannot state, which only onConfigure checks (so only `envoy-as validate`,
 * which runs both, catches them): each is a pattern of the filter's log line with the reason.
 * A configuration the schema accepts and the filter rejects for one of these is not a disagreement.
 */
const BEYOND_SCHEMA: { filters: string[]; problem: RegExp; why: string }[] = [
  {
    filters: ["auth", "header-rewrite", "rate-limit"],
    problem: /\.(regex|pattern): (?!must be|must have|is required|must not be empty|must match)/,
    why: "a regex must compile in the filter's own regex dialect (lib/regex), which no JSON Schema keyword checks",
  },
  { filters: ["auth", "header-rewrite", "rate-limit"], problem: /(: duplicate (rule name|provider name|user) |: the same key is configured twice)/, why: "uniqueItems compares whole items, not one member of them" },
  { filters: ["auth"], problem: /requires(\.(any_of|all_of)\[\d+\])*: unknown provider /, why: "a reference to a provider name elsewhere in the configuration" },
  { filters: ["auth"], problem: /\.jwt\.jwks: /, why: "key material (a JWK's curve, coordinates, modulus) is checked by importing the key" },
  {
    filters: ["header-rewrite"],
    problem: /\.(value|set|substitution): (unterminated \$\{|'\$' at offset|unknown variable|\$\{path\.capture|\\\d+ refers to a group)/,
    why: "template syntax and capture references to the rule's own match.path.regex",
  },
];

/** True when every problem of an onConfigure line is one JSON Schema cannot state (BEYOND_SCHEMA). */
function beyondSchema(filter: string, line: string): boolean {
  const problems = line.replace(/^\[error\] [\w-]+: invalid configuration: /, "").split("; ").filter((p) => !/^and \d+ more problems?$/.test(p));
  const rules = BEYOND_SCHEMA.filter((b) => b.filters.includes(filter));
  return line.includes("invalid configuration: ") && problems.every((p) => rules.some((b) => b.problem.test(p)));
}

/** Reuse a VM for this many configures, then start a fresh one so that guest memory stays small. */
const CONFIGURES_PER_VM = 400;

const SEED = Number(process.env.CONTRACT_SEED ?? 19);

/** The filter's config.json, README samples and test literals (those whose top-level keys the schema declares), deduplicated. */
function seedsOf(f: FilterUnderTest, schema: Schema): unknown[] {
  const top = new Set(Object.keys((schema as Record<string, any>).properties ?? {}));
  const literals = testLiterals(filterTestFiles(f.name)).filter((v) => {
    const keys = Object.keys(v as object);
    return keys.length > 0 && keys.every((k) => top.has(k));
  });
  const readme = `assembly/filters/${f.name}/README.md`;
  const all = [JSON.parse(readFileSync(`assembly/filters/${f.name}/config.json`, "utf8")), ...(safeReadme(readme)), ...literals];
  return [...new Map(all.map((c) => [JSON.stringify(c), c])).values()];
}

/** The README's JSON samples; none if the filter has no README (hello-world). */
function safeReadme(file: string): unknown[] {
  try { return readmeSamples(file); } catch { return []; }
}

/**
 * The systematic mutations of every seed, one per kind of change at each schema place: the same
 * change at rules[0] and rules[2], or in two seeds, is one check (array indexes are ignored).
 */
function systematic(schema: Schema, seeds: unknown[]): Mutant[] {
  const seen = new Set<string>();
  const out: Mutant[] = [];
  seeds.forEach((s, i) => {
    for (const m of mutations(schema, s)) {
      const kind = m.what.replace(/\[\d+\]/g, "[]");
      if (seen.has(kind)) continue;
      seen.add(kind);
      out.push({ what: `seed #${i}, ${m.what}`, config: m.make() });
    }
  });
  return out;
}

interface Verdict { schema: string[]; guest: "accepted" | string }

/** Both verdicts for each case; one VM per filter, reconfigured for each case. */
async function runAll(f: FilterUnderTest, cases: Mutant[]): Promise<Verdict[]> {
  const wasm = `build/${f.name}.wasm`;
  const schemaFile = `assembly/filters/${f.name}/schema.json`;
  const host = new Host();
  let vm: Vm | undefined;
  let uses = 0;
  const verdicts: Verdict[] = [];
  for (const c of cases) {
    if (!vm || vm.failed || uses >= CONFIGURES_PER_VM) { vm = await host.loadVm(wasm); uses = 0; }
    uses++;
    host.clearLogs();
    const schema = validateConfig(c.config, schemaFile);
    let guest: string;
    try {
      // As JSON text: a JS string or null would otherwise reach the filter as raw bytes, not as JSON.
      vm.createPlugin({ rootId: f.rootId, configuration: JSON.stringify(c.config) }).shutdown();
      guest = "accepted";
    } catch (e) {
      if (!(e instanceof ConfigureRejected)) guest = `trapped: ${(e as Error).message.split("\n")[0]}`;
      else guest = e.errorLogs.join(" | ") || "(rejected without an error log line)";
    }
    verdicts.push({ schema, guest });
  }
  return verdicts;
}

const short = (v: unknown) => { const s = JSON.stringify(v); return s.length > 1500 ? s.slice(0, 1500) + `… (${s.length} chars)` : s; };

describe("config contract: schema.json and onConfigure agree", () => {
  for (const f of FILTERS) {
    it(`${f.name}: same verdict on seeds, every systematic mutation and seeded random ones`, async () => {
      const shared = SHARED_SCHEMAS.map((file) => JSON.parse(readFileSync(file, "utf8")) as Schema);
      const schema = bundle(JSON.parse(readFileSync(`assembly/filters/${f.name}/schema.json`, "utf8")) as Schema, shared);
      const seeds = seedsOf(f, schema);
      const generated: Mutant[] = [
        ...seeds.map((config, i) => ({ what: `seed #${i}`, config })),
        ...systematic(schema, seeds),
        ...randomMutants(schema, seeds, new Rng(SEED), f.random),
      ];
      const cases = [...new Map(generated.map((c) => [JSON.stringify(c.config), c])).values()];
      const verdicts = await runAll(f, cases);
      const problems: string[] = [];
      let accepted = 0, rejected = 0, beyond = 0;
      cases.forEach((c, i) => {
        const v = verdicts[i]!;
        const schemaOk = v.schema.length === 0;
        const guestOk = v.guest === "accepted";
        if (guestOk) accepted++; else rejected++;
        if (v.guest.startsWith("trapped")) { problems.push(`${c.what}\n  config: ${short(c.config)}\n  onConfigure TRAPPED: ${v.guest}`); return; }
        if (schemaOk === guestOk) return;
        if (schemaOk && beyondSchema(f.name, v.guest)) { beyond++; return; }
        problems.push(
          `${c.what}\n  config: ${short(c.config)}\n  schema.json: ${schemaOk ? "accepts" : "rejects: " + v.schema.join("; ")}` +
            `\n  onConfigure: ${guestOk ? "accepts" : "rejects: " + v.guest}`,
        );
      });
      console.log(`${f.name}: ${seeds.length} seeds, ${cases.length} configurations, ${accepted} accepted, ${rejected} rejected, ` +
        `${beyond} rejected beyond the schema, ${problems.length} disagreements`);
      if (process.env.CONTRACT_REPORT) appendFileSync(process.env.CONTRACT_REPORT, `## ${f.name}: ${problems.length}\n\n${problems.join("\n\n")}\n\n`);
      expect(problems.length, `${problems.length} disagreements (first 25):\n\n${problems.slice(0, 25).join("\n\n")}`).toBe(0);
      // Not vacuous: both verdicts occur often, and the run covers thousands of configurations.
      expect(cases.length).toBeGreaterThanOrEqual(f.atLeast);
      expect(accepted).toBeGreaterThan(cases.length / 20);
      expect(rejected).toBeGreaterThan(cases.length / 2);
    }, 120_000);
  }
});
