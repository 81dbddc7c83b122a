// Fuzz target: rate-limit (see support.ts). Configurations mix valid and broken pieces; requests
// carry random keys (headers, query, client address forwarded) up to 60 KiB.
import { describe, expect, it } from "vitest";
import { FUZZ_TIMEOUT, fuzz, type Rng } from "./support.ts";

function key(r: Rng): unknown {
  return r.mostly([
    { source: "client_ip" }, { source: "path" }, { source: "header", name: r.mostly(["x-k", ":authority"], ["bad name"]) },
    { source: "query", name: r.mostly(["k"], ["a=b"]) }, { source: "constant", value: "all" }, { source: "consumer", name: "x-c" },
  ], [{ source: "bogus" }]);
}

function rule(r: Rng, i: number): unknown {
  return {
    name: r.mostly([`r${i}`], ["bad name"]),
    key: Array.from({ length: 1 + r.int(3) }, () => key(r)),
    limits: [{ requests: r.mostly([1, 5, 100], [0]), per: r.mostly(["second", "minute"], ["fortnight"]) }],
    ...(r.chance(0.3) ? { max_keys: r.mostly([1, 16, 1024], [0, 70000]) } : {}),
    ...(r.chance(0.3) ? { match: { path: r.pick([{ prefix: "/" }, { regex: "^/a+$" }, { exact: "/x" }]) } } : {}),
  };
}

const target = {
  wasm: "build/rate-limit.wasm",
  schema: "assembly/filters/rate-limit/schema.json",
  config: (r: Rng) => ({
    ...(r.chance(0.2) ? { shared_data_prefix: r.mostly(["rl/"], ["", "p".repeat(200)]) } : {}),
    ...(r.chance(0.2) ? { client_ip: { xff_trusted_hops: r.mostly([0, 1], [17]) } } : {}),
    rules: Array.from({ length: 1 + r.int(3) }, (_, i) => rule(r, i)),
  }),
  request: (r: Rng) => ({
    ":method": "GET",
    ":path": "/" + r.text("ab/", r.size()) + (r.chance(0.5) ? "?k=" + r.text("ab%&=", r.size()) : ""),
    ":authority": "example.com",
    ":scheme": "http",
    "x-k": r.text("abcdef", r.size()),
    "x-c": r.text("xyz", r.size()),
    "x-forwarded-for": r.pick(["10.0.0.1", "1.2.3.4, 5.6.7.8", r.text("0123456789., ", r.size())]),
  }),
};

describe("fuzz: rate-limit", () => {
  it("never traps, leaks a host block or grows without bound; schema rejects ⇒ onConfigure rejects", async () => {
    const { accepted, requests } = await fuzz(target, { configs: 30, requests: 8, memoryBound: 64 * 1024 * 1024 });
    expect(accepted).toBeGreaterThan(3);
    expect(requests).toBe(accepted * 8);
  }, FUZZ_TIMEOUT);
});
