// The shape of the source: the modules of `src/core`, and those of `src/edge`, import each
// other one way only. A circle (a module that, through others, imports itself) is how layers
// blur: no module could then be read, or tested, without the rest. Runs without a worker.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './support/worker.mjs';

/** Every `.rs` file under `dir`, with its path relative to `dir`. */
function sources(dir, rel = '') {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const file = path.join(rel, name);
    if (statSync(path.join(dir, file)).isDirectory()) return sources(dir, file);
    return name.endsWith('.rs') ? [file] : [];
  });
}

/** `layer`'s top-level modules and which others each imports (its tests left out). */
export function imports(layer) {
  const dir = path.join(ROOT, 'src', layer);
  const graph = new Map();
  for (const file of sources(dir)) {
    const parts = file.split(path.sep);
    const own = parts[0].replace(/\.rs$/, '');
    if (own === 'mod') continue;
    const text = readFileSync(path.join(dir, file), 'utf8').split('#[cfg(test)]')[0];
    const found = [...text.matchAll(new RegExp(`crate::${layer}::(\\w+)`, 'g'))].map((m) => m[1]);
    // `super::x` names a sibling from a top-level file, and `super::super::x` from one level down.
    const sibling = parts.length === 1 ? /\bsuper::(\w+)/g : /\bsuper::super::(\w+)/g;
    found.push(...[...text.matchAll(sibling)].map((m) => m[1]));
    const deps = graph.get(own) ?? new Set();
    for (const d of found) if (d !== own) deps.add(d);
    graph.set(own, deps);
  }
  return graph;
}

/** The first circle found, as the modules around it; `null` when there is none. */
export function circle(graph) {
  const state = new Map(); // 1: on the current path, 2: done
  const stack = [];
  const visit = (m) => {
    state.set(m, 1);
    stack.push(m);
    for (const d of graph.get(m) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(m, 2);
    return null;
  };
  for (const m of graph.keys()) {
    if (state.has(m)) continue;
    const found = visit(m);
    if (found) return found;
  }
  return null;
}

test('the circle finder finds a circle, and only one', () => {
  assert.deepEqual(circle(new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]])), ['a', 'b', 'c', 'a']);
  assert.equal(circle(new Map([['a', new Set(['b', 'c'])], ['b', new Set(['c'])], ['c', new Set()]])), null);
});

for (const layer of ['core', 'edge']) {
  test(`the modules of src/${layer} import each other one way only`, () => {
    const graph = imports(layer);
    assert.ok(graph.size > 10, `${layer} has its modules`);
    const found = circle(graph);
    assert.equal(found, null, `an import circle: ${found?.join(' -> ')}`);
  });
}
