#!/usr/bin/env node
// Prints the import circles among the .ts files of a folder and exits 1 if there is any.
// Usage: node scripts/import-cycles.mjs <folder> [--runtime] [--json]
//
// An import circle is a strongly connected component of the graph "file A imports file B"
// (relative imports inside the folder, `import type` included: a type-only import still ties
// the two files' designs together). `--runtime` leaves type-only imports out: what remains are
// the circles that decide module evaluation order at run time. Each circle is printed with its files and one shortest
// cycle through it, so the edge to cut is visible. Imports are read with TypeScript's own
// parser (already a dependency; it handles comments, strings and AssemblyScript decorators). The repository has no graph library (madge, dependency-cruiser),
// so the components are found with Tarjan's algorithm, written out below.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

/** Every .ts file under `dir` (declaration files excluded). */
function* tsFiles(dir) {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) yield path;
  }
}

/** The file a relative specifier names ("./x", "./x.ts", "./dir" → dir/index.ts), or null. */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** True if an import or export declaration brings in types only (erased at run time). */
function typeOnly(st) {
  if (ts.isImportDeclaration(st)) {
    const clause = st.importClause;
    if (!clause) return false; // import "./x" runs the module
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (st.isTypeOnly) return true;
  const clause = st.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The specifiers `file` imports or re-exports from (type-only ones unless `runtimeOnly`). */
function specifiers(file, runtimeOnly) {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out = [];
  for (const st of sf.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (runtimeOnly && typeOnly(st)) continue;
    out.push(st.moduleSpecifier.text);
  }
  return out;
}

/** The import graph of `folder`: file → files of the folder it imports. */
export function importGraph(folder, { runtimeOnly = false } = {}) {
  const root = resolve(folder);
  const files = [...tsFiles(root)];
  const inside = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const targets = new Set();
    for (const spec of specifiers(file, runtimeOnly)) {
      const target = resolveSpecifier(file, spec);
      if (target !== null && inside.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Tarjan's strongly connected components; returns those that form a circle (size > 1, or a self-import). */
export function importCircles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const circles = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) circles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

/** A shortest cycle through the first file of `component` (breadth-first inside the component). */
export function shortestCycle(graph, component) {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

function main() {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith("--"));
  if (!folder) {
    console.error("usage: node scripts/import-cycles.mjs <folder> [--runtime] [--json]");
    process.exit(2);
  }
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(`import-cycles: ${folder} is not a folder; pass the folder whose .ts files to check`);
    process.exit(2);
  }
  const runtimeOnly = args.includes("--runtime");
  const graph = importGraph(folder, { runtimeOnly });
  const circles = importCircles(graph);
  const name = (f) => relative(process.cwd(), f).split(sep).join("/");
  const files = circles.reduce((n, c) => n + c.length, 0);
  if (args.includes("--json")) {
    const cycles = circles.map((c) => ({ files: c.map(name), example: shortestCycle(graph, c).map(name) }));
    console.log(JSON.stringify({ folder, runtimeOnly, files: graph.size, circles: circles.length, filesInCircles: files, cycles }, null, 2));
  } else {
    for (const c of circles) {
      console.log(`import circle of ${c.length} file(s): ${c.map(name).join(", ")}`);
      console.log(`  e.g. ${shortestCycle(graph, c).map(name).join(" -> ")}`);
    }
    console.log(`${folder}: ${circles.length} ${runtimeOnly ? "run-time " : ""}import circle(s), ${files} of ${graph.size} file(s) in them`);
  }
  process.exit(circles.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
