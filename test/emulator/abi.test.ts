import { describe, expect, it } from "vitest";
import { readModuleInfo } from "../../src/emulator/abi/module-info.ts";
import { decodePairs, double, duration, encodePairs, encodeProperty, int64, timestamp, uint64 } from "../../src/emulator/index.ts";
import { BufferType, GrpcStatus, HeadersAction, LogLevel, MapType, WasmResult } from "../../src/emulator/index.ts";
import { fixture } from "./helpers/fixtures.ts";

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex.replace(/\s/g, ""), "hex"));

describe("header map pairs (§4.1)", () => {
  const example = bytes("02000000 01000000 01000000 01000000 02000000 61 00 31 00 62 00 32 32 00");

  it("encodes docs/abi.md's example byte for byte (29 bytes)", () => {
    const encoded = encodePairs([["a", "1"], ["b", "22"]]);
    expect(encoded.length).toBe(29);
    expect(encoded).toEqual(example);
  });

  it("decodes the example and round-trips UTF-8 and duplicates", () => {
    expect(decodePairs(example)).toEqual([["a", "1"], ["b", "22"]]);
    const pairs: [string, string][] = [["x", "é"], ["x", ""], [":path", "/"]];
    expect(decodePairs(encodePairs(pairs))).toEqual(pairs);
  });

  it("encodes an empty map as zero bytes and accepts both empty forms", () => {
    expect(encodePairs([]).length).toBe(0);
    expect(decodePairs(new Uint8Array(0))).toEqual([]);
    expect(decodePairs(bytes("00000000"))).toEqual([]);
  });

  it("parses malformed input strictly as an empty map", () => {
    expect(decodePairs(bytes("03000000 01000000 01000000"))).toEqual([]); // wrong count
    const missingNul = example.slice();
    missingNul[21] = 0x41; // the NUL after "a"
    expect(decodePairs(missingNul)).toEqual([]);
    expect(decodePairs(new Uint8Array([...example, 0]))).toEqual([]); // trailing byte
    expect(decodePairs(example.slice(0, 28))).toEqual([]); // truncated
  });

  it("refuses more than 1024 pairs or more than 1 MiB", () => {
    const many = Array.from({ length: 1025 }, (_, i): [string, string] => [`k${i}`, "v"]);
    expect(decodePairs(encodePairs(many))).toEqual([]);
    expect(decodePairs(encodePairs(many.slice(0, 1024)))).toHaveLength(1024);
    expect(decodePairs(encodePairs([["big", "x".repeat(1024 * 1024)]]))).toEqual([]);
  });
});

describe("property values (§4.3)", () => {
  it("serializes strings raw, numbers as 8-byte LE, bools as one byte", () => {
    expect(encodeProperty("10.0.0.1:443")).toEqual(new TextEncoder().encode("10.0.0.1:443"));
    expect(encodeProperty(443)).toEqual(bytes("bb01000000000000"));
    expect(encodeProperty(-1n)).toEqual(bytes("ffffffffffffffff"));
    expect(encodeProperty(int64(7))).toEqual(bytes("0700000000000000"));
    expect(encodeProperty(uint64(2n ** 64n - 1n))).toEqual(bytes("ffffffffffffffff"));
    expect(encodeProperty(double(1.5))).toEqual(bytes("000000000000f83f"));
    expect(encodeProperty(0.5)).toEqual(bytes("000000000000e03f"));
    expect(encodeProperty(true)).toEqual(bytes("01"));
    expect(encodeProperty(timestamp(new Date(1)))).toEqual(encodeProperty(1_000_000n));
    expect(encodeProperty(duration(5))).toEqual(encodeProperty(5n));
  });

  it("serializes maps as pairs with values serialized recursively, lists as keys with empty values", () => {
    expect(decodePairs(encodeProperty({ a: "1" }))).toEqual([["a", "1"]]);
    expect(decodePairs(encodeProperty(["x", "y"]))).toEqual([["x", ""], ["y", ""]]);
  });
});

describe("enums carry the ABI numbers (§3)", () => {
  it("matches a few anchors", () => {
    expect(WasmResult.Unimplemented).toBe(12);
    expect(WasmResult.CasMismatch).toBe(8);
    expect(HeadersAction.StopAllIterationAndWatermark).toBe(4);
    expect(LogLevel.Critical).toBe(5);
    expect(BufferType.CallData).toBe(8);
    expect(MapType.HttpCallResponseTrailers).toBe(7);
    expect(GrpcStatus.InvalidCode).toBe(-1);
    expect(GrpcStatus.Unauthenticated).toBe(16);
  });
});

describe("module info", () => {
  it("reads import and export signatures from the binary", async () => {
    const info = readModuleInfo(await fixture("probe"));
    const imp = (name: string) => info.imports.find((i) => i.name === name)?.signature;
    expect(imp("proxy_log")).toBe("iii:i");
    expect(imp("proxy_increment_metric")).toBe("iI:i");
    expect(imp("clock_time_get")).toBe("iIi:i");
    expect(imp("proc_exit")).toBe("i:");
    expect(info.functionExports.get("proxy_on_request_headers")).toBe("iii:i");
    expect(info.functionExports.get("proxy_on_log")).toBe("i:");
    expect(info.functionExports.get("proxy_abi_version_0_2_1")).toBe(":");
  });
});
