// The spec's numbers live in one place per side: assembly/sdk/abi/enums.ts (guest) and
// src/emulator/abi/enums.ts (host). This test reads the guest file with TypeScript's parser
// (AssemblyScript is TypeScript syntax) and checks that every guest enum exists on the host
// with the same members and values.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as host from "../../src/emulator/abi/enums.ts";

const GUEST_FILE = resolve(import.meta.dirname, "../../assembly/sdk/abi/enums.ts");

function evaluate(expr: ts.Expression): number {
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) return -evaluate(expr.operand);
  if (ts.isParenthesizedExpression(expr)) return evaluate(expr.expression);
  throw new Error(`unsupported enum initializer: ${expr.getText()}`);
}

/** Every `export enum` of the guest file, with explicit member values. */
function guestEnums(): Map<string, Record<string, number>> {
  const source = ts.createSourceFile(GUEST_FILE, readFileSync(GUEST_FILE, "utf8"), ts.ScriptTarget.Latest, true);
  const enums = new Map<string, Record<string, number>>();
  for (const statement of source.statements) {
    if (!ts.isEnumDeclaration(statement)) continue;
    const members: Record<string, number> = {};
    for (const member of statement.members) {
      if (!member.initializer) throw new Error(`${statement.name.text}.${member.name.getText()} has no explicit value`);
      members[member.name.getText()] = evaluate(member.initializer);
    }
    enums.set(statement.name.text, members);
  }
  return enums;
}

/** The numeric members of a TypeScript enum object (skipping the reverse mapping). */
function hostMembers(e: Record<string, string | number>): Record<string, number> {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => typeof v === "number")) as Record<string, number>;
}

describe("ABI enums", () => {
  const guest = guestEnums();

  it("reads the spec enums from the guest SDK", () => {
    expect([...guest.keys()]).toEqual(expect.arrayContaining([
      "WasmResult", "LogLevel", "StreamType", "BufferType", "MapType", "MetricType", "PeerType",
      "HeadersAction", "DataAction", "GrpcStatus",
    ]));
    expect(guest.get("WasmResult")!.Unimplemented).toBe(12);
    expect(guest.get("GrpcStatus")!.InvalidCode).toBe(-1);
  });

  for (const [name, members] of guestEnums()) {
    it(`${name} has the same numbers on guest and host`, () => {
      const hostEnum = (host as unknown as Record<string, Record<string, string | number>>)[name];
      expect(hostEnum, `src/emulator/abi/enums.ts lacks enum ${name}`).toBeDefined();
      expect(hostMembers(hostEnum)).toEqual(members);
    });
  }
});
