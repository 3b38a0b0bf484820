import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { describe, it } from "node:test";

/**
 * No import circles among the runtime's modules (issue 16): every `import`, `import type`,
 * `export … from` and `import("…")` of a sibling counts, since a type-only circle still ties
 * two modules' meanings together and a dynamic one is a circle the first time it runs.
 */
const SRC = new URL("../src/", import.meta.url);
const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)["']\.\/([\w.-]+)\.js["']/g;

function graph(): Map<string, Set<string>> {
  const modules = readdirSync(SRC).filter(
    (name) => /\.tsx?$/.test(name) && !/\.test(-helper)?\./.test(name),
  );
  const byBase = new Map(modules.map((name) => [name.replace(/\.tsx?$/, ""), name]));
  const edges = new Map<string, Set<string>>();
  for (const name of modules) {
    const text = readFileSync(new URL(name, SRC), "utf8");
    const targets = new Set<string>();
    for (const match of text.matchAll(SPECIFIER)) {
      const target = byBase.get(match[1] ?? "");
      if (target !== undefined && target !== name) targets.add(target);
    }
    edges.set(name, targets);
  }
  return edges;
}

function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (stack.includes(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

describe("the runtime's imports", () => {
  it("are read from every module", () => {
    const edges = graph();
    assert.ok(edges.get("data.ts")?.has("network.ts")); // the dynamic import counts
    assert.ok(edges.get("errors.tsx")?.has("problem.ts"));
    const circle = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["a"])],
    ]);
    assert.deepEqual(cycles(circle), [["a", "b"]]);
  });

  it("form no circle", () => {
    assert.deepEqual(cycles(graph()), []);
  });
});
