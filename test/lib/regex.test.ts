// assembly/lib/regex against JavaScript's RegExp: for the supported subset, the leftmost match
// and every capture must agree. Runs the engine in build/test/lib-harness.wasm through the
// emulator (see test/fixtures/filters/lib-harness).
import { describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";

const WASM = "build/test/lib-harness.wasm";

type Outcome = { error: string } | { match: number[] | null } | { limit: true };

async function runInWasm(key: "regex" | "replace", cases: unknown[]): Promise<unknown[]> {
  const host = new Host();
  const vm = await host.loadVm(WASM);
  vm.createPlugin({ configuration: { [key]: cases } });
  const line = host.logsAt("info").find((l) => l.startsWith(`${key}-results `));
  if (!line) throw new Error(`no ${key}-results line; logs: ${JSON.stringify(host.logs.slice(-5))}`);
  return JSON.parse(line.slice(key.length + 9));
}

const regexCases = (cases: [string, string][]) => runInWasm("regex", cases) as Promise<Outcome[]>;

/** What JavaScript finds: flat [start0, end0, start1, end1, …] with -1 for groups that did not take part. */
function jsMatch(pattern: string, input: string): number[] | null {
  const m = new RegExp(pattern, "d").exec(input);
  if (!m) return null;
  const out: number[] = [];
  for (const span of m.indices!) out.push(...(span ? span : [-1, -1]));
  return out;
}

// ---- a generator of patterns in the supported subset, over a small alphabet so matches happen

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Random patterns over the supported subset. With `strict`, no quantifier is applied to a group
 * that can match the empty string: there the Pike VM may merge two threads that JavaScript's
 * backtracking keeps apart (see the README's "Differences from JavaScript").
 */
function generator(seed: number, strict: boolean) {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const atoms = ["a", "b", "c", ".", "[ab]", "[^a]", "[a-c]", "[b-c-]", "\\d", "\\w", "\\s", "\\W", "x", "\\.", "[\\d-]", "-", "1"];
  const quants = ["", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,3}", "{2,}", "*?", "+?", "??", "{1,2}?"];
  const nullableQuant = (q: string) => q === "" ? false : /^(\*|\?|\{0)/.test(q);
  type Part = { src: string; nullable: boolean };
  const alt = (depth: number): Part => {
    const n = 1 + Math.floor(r() * (depth > 1 ? 1.5 : 3));
    const parts: Part[] = [];
    for (let i = 0; i < n; i++) parts.push(seq(depth));
    return { src: parts.map((p) => p.src).join("|"), nullable: parts.some((p) => p.nullable) };
  };
  const seq = (depth: number): Part => {
    let out = "";
    let nullable = true;
    const n = Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const roll = r();
      if (roll < 0.08) { out += pick(["^", "$", "\\b", "\\B"]); continue; }
      let atom: Part;
      if (roll < 0.3 && depth < 3) {
        const inner = alt(depth + 1);
        atom = { src: (r() < 0.7 ? "(" : "(?:") + inner.src + ")", nullable: inner.nullable };
      } else atom = { src: pick(atoms), nullable: false };
      let q = pick(quants);
      if (strict && atom.nullable) q = "";
      out += atom.src + q;
      if (!atom.nullable && !nullableQuant(q)) nullable = false;
    }
    return { src: out, nullable };
  };
  const input = () => {
    const n = Math.floor(r() * 10);
    let s = "";
    for (let i = 0; i < n; i++) s += pick(["a", "b", "c", "a", "b", "1", " ", "-", ".", "x", "\n"]);
    return s;
  };
  return { pattern: () => alt(0).src, input };
}

async function compareGenerated(seed: number, count: number, strict: boolean) {
  const g = generator(seed, strict);
  const cases: [string, string][] = [];
  while (cases.length < count) {
    const p = g.pattern();
    try { new RegExp(p); } catch { continue; }
    cases.push([p, g.input()]);
  }
  const got: Outcome[] = [];
  for (let i = 0; i < cases.length; i += 1000) got.push(...(await regexCases(cases.slice(i, i + 1000))));
  return cases
    .map(([p, s], i) => ({ p, s, wasm: got[i], js: jsMatch(p, s) }))
    .filter((c) => !("match" in c.wasm) || JSON.stringify(c.wasm.match) !== JSON.stringify(c.js));
}

describe("regex engine vs JavaScript RegExp", () => {
  it("agrees on hand-picked cases", async () => {
    const cases: [string, string][] = [
      ["abc", "xxabcxx"], ["^/v1/(.*)$", "/v1/users/7"], ["^/v(\\d+)/(.*)$", "/v12/a/b"], ["a|ab|abc", "abc"],
      ["(a|ab)(c|bcd)(d*)", "abcd"], ["(a+)+b", "aaab"], ["(a*)*", "b"], ["(a*)+", "b"], ["((a)|b)+", "ab"],
      ["(a)|b", "b"], ["x*?y", "xxy"], ["a{2,3}", "aaaa"], ["a{2,3}?", "aaaa"], ["a{0}b", "ab"], ["[^]", "\n"],
      ["[]", "a"], ["\\bfoo\\b", "a foo b"], ["\\Bo", "foo"], ["[\\w.-]+@[\\w-]+\\.[a-z]{2,}", "mail: jo.e@ex-ample.org!"],
      ["^$", ""], ["$", "abc"], ["(?:ab)*c", "ababc"], ["(\\d{1,3})\\.(\\d{1,3})", "ip 10.200.3.4"], ["\\u00e9+", "caf\u00e9\u00e9"],
      ["\\x41", "BAC"], ["[\\u0100-\\uffff]", "abc\u4e2d"], ["\\s+", "a \t\u00a0b"], ["a{", "a{"], ["a{1", "a{1"], ["}", "}"], ["]", "]"],
      ["a.c", "a\nc abc"], ["(a?)+?b", "aab"], ["(?:a|()){2}b", "ab"], ["(|a)*b", "aab"], ["[a-]", "-"], ["[-a]", "-"],
      ["\\/api\\/", "/api/"], ["^(?:GET|POST)$", "POST"], ["(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "abcdefghijk"],
    ];
    const got = await regexCases(cases);
    cases.forEach(([p, s], i) => expect({ p, s, r: got[i] }).toEqual({ p, s, r: { match: jsMatch(p, s) } }));
  });

  it("agrees with RegExp on 5000 generated patterns and inputs", async () => {
    expect(await compareGenerated(20250101, 5000, true)).toEqual([]);
  });

  it("stays within 0.1% of RegExp when quantified groups can match the empty string", async () => {
    const mismatches = await compareGenerated(777, 5000, false);
    expect(mismatches.length, JSON.stringify(mismatches.slice(0, 3))).toBeLessThanOrEqual(5);
    // Whatever differs, a match is still found where JavaScript finds one at the same start.
    for (const m of mismatches) if ("match" in m.wasm && m.js) expect(m.wasm.match?.[0]).toBe(m.js[0]);
  });

  it("rejects what it does not support, and broken patterns, with a message", async () => {
    const cases: [string, string][] = [
      ["(a", "unbalanced parenthesis: missing ')'"], ["a)", "unbalanced parenthesis: unmatched ')'"], ["[ab", "missing ']'"],
      ["*a", "nothing to repeat"], ["a**", "nothing to repeat"], ["^*", "nothing to repeat"], ["{2}", "nothing to repeat"],
      ["(a)\\1", "backreferences are not supported"], ["(?=a)", "lookahead is not supported"], ["(?<=a)b", "lookbehind is not supported"],
      ["(?<n>a)", "named groups are not supported"], ["a{3,2}", "numbers out of order"], ["[z-a]", "range out of order"],
      ["a{1001}", "repetition count too large"], ["\\q", "unsupported escape '\\q'"], ["a\\", "trailing backslash"],
      ["\\xZZ", "invalid hexadecimal escape"], ["(?i)a", "invalid group"], ["(a{1000}){1000}", "pattern too large"],
      ["((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))", "too many capture groups"],
    ];
    const got = await regexCases(cases.map(([p]) => [p, ""]));
    cases.forEach(([p, msg], i) => expect({ p, r: got[i] }).toMatchObject({ p, r: { error: expect.stringContaining(msg) } }));
  });

  it("matches pathological patterns in linear time (no catastrophic backtracking)", async () => {
    const long = "a".repeat(5000);
    const started = performance.now();
    const got = await regexCases([["(a*)*b", long], ["(a|a)*c", long], ["(a+)+$", long + "!"], ["^(\\w+\\s?)*$", "word ".repeat(1000) + "!"]]);
    expect(got.map((g) => ("match" in g ? g.match : g))).toEqual([null, null, null, null]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("gives up at the step limit instead of running on", async () => {
    // 30 nested optional groups over a 60k input: ~64 steps a character, twice the budget of 32.
    const pattern = "(?:a?){30}b";
    const got = await regexCases([[pattern, "a".repeat(60000)]]);
    expect(got[0]).toEqual({ limit: true });
  });

  it("decides ordinary route patterns on 60 KiB paths: the budget grows with the input", async () => {
    // Budget exhaustion used to start at ~33,000 characters for .* and ~12,500 for the alternation.
    const path = "/admin/" + "a-b.c/".repeat(10_000);
    const got = await regexCases([["^/admin/.*$", path], ["^/admin/(\\w|-|\\.|/)+$", path], ["^/public/.*$", path]]);
    expect(got).toEqual([{ match: [0, path.length] }, { match: [0, path.length, path.length - 1, path.length] }, { match: null }]);
  });

  it("reports the budget: the floor, 32 steps a position, a ceiling at 64 KiB", async () => {
    const line = async (cases: [string, string][]) => {
      const host = new Host();
      (await host.loadVm(WASM)).createPlugin({ configuration: { steps: cases } });
      return JSON.parse(host.logsAt("info").find((l) => l.startsWith("steps-results "))!.slice(14)) as number[][];
    };
    const [short, long, huge, heavy] = await line([
      ["^/a/.*$", "/a/" + "x".repeat(97)], ["^/a/.*$", "/a/" + "x".repeat(59_997)], ["^/a/.*$", "/a/" + "x".repeat(99_997)],
      ["(?:.*/){16}", "a/".repeat(6_000)],
    ]);
    // [outcome (1 = match, 3 = undecided), steps taken, budget]; .* takes about 6 steps a character.
    expect([short[0], short[2]]).toEqual([1, 200_000]);
    expect([long[0], long[2]]).toEqual([1, 32 * 60_001]);
    expect([huge[0], huge[2]]).toEqual([1, 32 * 65_537]);
    expect(huge[1]).toBeGreaterThan(6 * 99_000); // decided only because 6 steps a character fit under the ceiling
    expect(huge[1]).toBeLessThan(huge[2]);
    expect(heavy[0]).toBe(3); // undecided: more than 32 steps a character
    expect(heavy[1]).toBeGreaterThan(heavy[2]);
  });

  it("answers undecided from replaceAll when its searches run out of their shared budget", async () => {
    const got = await runInWasm("replace", [["(?:.*/){16}", "a/".repeat(6_000), "/"], ["(?:.*/){16}", "a/".repeat(40), "/"]]);
    expect(got).toEqual([{ limit: true }, "a/".repeat(40).replaceAll(/(?:.*\/){16}/g, "/")]);
  });

  it("agrees when the leading literal prefilter rejects or passes the input", async () => {
    // Patterns that start with a literal (after ^, around group starts and fixed repeats) and
    // inputs with the literal missing, at the start, later, or only partly there.
    const cases: [string, string][] = [];
    const patterns = [
      "^/v(\\d+)/(.*)$", "^/api/", "/api/", "^(/a)(b)", "^((ab))c", "(ab){2}c", "^(?:ab){2}", "ab?c", "a*b", "^a|ab",
      "abc|abd", "^\\/x", "\u00e9t\u00e9", "^$", "b\\b", "(?:)ab",
    ];
    const inputs = ["", "/v1/x", "/v12/a/b", "/bench", "x/v1/y", "/api/users", "x/api/", "/ap", "/ab", "/abb", "ababc", "abab", "ac", "abd", "xabc", "b", "\u00e9t\u00e9", "/x", "a b"];
    for (const p of patterns) for (const i of inputs) cases.push([p, i]);
    const got = await regexCases(cases);
    cases.forEach(([p, s], i) => expect({ p, s, r: got[i] }).toEqual({ p, s, r: { match: jsMatch(p, s) } }));
    const replaced = await runInWasm("replace", [["ab", "xxabyyab", "-"], ["^ab", "abab", "-"], ["/v1/", "/v1/v1/", "/"]]);
    expect(replaced).toEqual(["xx-yy-", "-ab", "/v1/"]);
  });

  it("replaces every match with \\N references, like Envoy's regex_rewrite", async () => {
    const cases: [string, string, string][] = [
      ["^/v(\\d+)/(.*)$", "/v1/users/7", "/api/v\\1/\\2"], ["o", "foo boo", "0"], ["x*", "abc", "-"],
      ["(a)|(b)", "ab", "[\\1\\2]"], ["a", "bbb", "z"], ["(b)", "abc", "\\\\\\1"],
    ];
    const got = await runInWasm("replace", cases);
    expect(got).toEqual(["/api/v1/users/7", "f00 b00", "-a-b-c-", "[a][b]", "bbb", "a\\bc"]);
  });
});
