// Fuzz target: header-rewrite (see support.ts). Configurations mix valid and broken pieces;
// requests carry random paths, queries and the headers the templates read, up to 60 KiB.
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT, fuzz, type Rng } from "./support.ts";

const TEXT = "abc/-_.~!%&=?# $\r\n\u00e9{}";
const PATTERNS = ["a", "//+", "a+b|a", "^/v(\\d+)/(.*)$", "(a|b)*c", "[^/]+", "x{2,3}", "\\d+"];
const BAD_PATTERNS = ["", "(", "a{2,1}"];
const TEMPLATES = ["${request.header.x-a}", "v=${request.header.x-b}&${request.path}", "${request.method} ${request.host}", "$$${property.request.id}", "lit"];
const BAD_TEMPLATES = ["bad ${", "${nope}", "a\r\nb", "${path.capture.1}"];

function action(r: Rng): unknown {
  const op = r.mostly(["set", "append", "remove", "rename", "set_if_absent"], ["bogus"]);
  const name = r.mostly(["x-a", "x-out"], ["bad name", ":path"]);
  if (op === "remove") return { op, name };
  if (op === "rename") return { op, name, to: r.mostly(["x-to"], ["x y"]) };
  return { op, name, value: r.mostly(TEMPLATES, BAD_TEMPLATES) };
}

function rule(r: Rng, i: number): unknown {
  const out: Record<string, unknown> = { name: r.mostly([`r${i}`], ["bad name"]) };
  if (r.chance(0.5)) out.match = { path: r.mostly([{ prefix: "/" }, { regex: r.mostly(PATTERNS, BAD_PATTERNS) }, { exact: "/x" }], [{ prefix: "nope" }]) };
  const request: Record<string, unknown> = {};
  if (r.chance(0.6)) request.headers = Array.from({ length: 1 + r.int(3) }, () => action(r));
  if (r.chance(0.4)) request.path = r.pick([{ regex: { pattern: r.mostly(PATTERNS, BAD_PATTERNS), substitution: r.mostly(["b", "/", "\\0"], ["\\9"]) } }, { set: "/" + r.mostly(TEMPLATES, BAD_TEMPLATES) }, { prefix: { from: "/a", to: "/b" } }]);
  if (r.chance(0.4)) request.query = [{ op: r.pick(["add", "set", "remove"]), name: r.mostly(["page"], ["a&b"]), value: r.mostly(TEMPLATES, BAD_TEMPLATES) }];
  if (r.chance(0.2)) request.host = r.mostly(TEMPLATES, BAD_TEMPLATES);
  if (Object.keys(request).length) out.request = request;
  if (r.chance(0.3)) out.response = { headers: [action(r)] };
  return out;
}

const target = {
  wasm: "build/header-rewrite.wasm",
  schema: "assembly/filters/header-rewrite/schema.json",
  config: (r: Rng) => ({ mode: r.pick(["all", "first"]), rules: Array.from({ length: 1 + r.int(4) }, (_, i) => rule(r, i)) }),
  request: (r: Rng) => ({
    ":method": r.pick(["GET", "POST"]),
    ":path": "/" + r.text("ab/-!", r.size()) + (r.chance(0.5) ? "?" + r.text("ab=&%", r.size()) : ""),
    ":authority": "example.com",
    ":scheme": "http",
    "x-a": r.text(TEXT.replace(/[\r\n]/g, ""), r.size()),
    "x-b": r.text("!~ab", r.size()),
  }),
};

describe("fuzz: header-rewrite", () => {
  it("never traps, leaks a host block or grows without bound; schema rejects ⇒ onConfigure rejects", async () => {
    const { accepted, requests } = await fuzz(target, { configs: 40, requests: 8, memoryBound: 64 * 1024 * 1024 });
    expect(accepted).toBeGreaterThan(5);
    expect(requests).toBe(accepted * 8);
  }, FUZZ_TIMEOUT);
});
