// Every public name of the guest SDK (what assembly/sdk/index.ts re-exports) carries a doc
// comment: exported functions, classes, and their public methods and accessors. Read with
// TypeScript's parser (AssemblyScript is TypeScript syntax).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SDK = resolve(import.meta.dirname, "../../assembly/sdk");

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

function documented(sf: ts.SourceFile, node: ts.Node): boolean {
  return /\/\*\*/.test(sf.text.slice(node.getFullStart(), node.getStart()));
}

/** `name → file` for every name index.ts re-exports from a module. */
function publicNames(): Map<string, string> {
  const index = parse(join(SDK, "index.ts"));
  const names = new Map<string, string>();
  for (const st of index.statements) {
    if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !st.exportClause || !ts.isNamedExports(st.exportClause)) continue;
    const file = join(SDK, `${(st.moduleSpecifier as ts.StringLiteral).text}.ts`);
    for (const el of st.exportClause.elements) names.set((el.propertyName ?? el.name).text, file);
  }
  return names;
}

function undocumented(): string[] {
  const missing: string[] = [];
  for (const [name, file] of publicNames()) {
    const sf = parse(file);
    const where = `${file.slice(dirname(SDK).length + 1)}`;
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st) && st.name?.text === name && !documented(sf, st)) missing.push(`${where}: function ${name}`);
      if (ts.isClassDeclaration(st) && st.name?.text === name) {
        if (!documented(sf, st)) missing.push(`${where}: class ${name}`);
        for (const m of st.members) {
          if (!(ts.isMethodDeclaration(m) || ts.isGetAccessor(m))) continue;
          if (ts.getCombinedModifierFlags(m) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
          if (!documented(sf, m)) missing.push(`${where}: ${name}.${m.name.getText()}`);
        }
      }
    }
  }
  return missing;
}

describe("SDK doc comments", () => {
  it("finds the public API through index.ts", () => {
    expect(publicNames().size).toBeGreaterThan(50);
    expect(publicNames().get("grpcCall")).toMatch(/grpc\.ts$/);
  });

  it("documents every public function, class, method and accessor", () => {
    expect(undocumented()).toEqual([]);
  });
});
