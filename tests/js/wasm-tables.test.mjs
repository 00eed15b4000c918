// One hash table in the shipped wasm (issue 15): each distinct key and value type of a HashMap is
// another copy of hashbrown's code (~2 KB raw each). Every text-keyed index goes through
// src/text_map.rs, whose one table maps a key's hash to its entry, so the only table left is
// RawTable<(u64, usize)>. Checked on the named twin of pkg's .wasm (bench/wasm-names.mjs).
//
//   node --test tests/js/wasm-tables.test.mjs   (needs a built pkg/: bash scripts/build.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { functionNames, namedWasm, tidy } from "../../bench/wasm-names.mjs";

test("the shipped wasm holds one hash-table type: RawTable<(u64, usize)>", () => {
  const named = namedWasm();
  assert.ok(named.path, `no named wasm: ${named.reason}`);
  assert.equal(named.matches, true, named.reason);
  const names = [...functionNames(named.path).values()].map(tidy);
  assert.ok(names.some((n) => n.startsWith("<zero_trust_seats::text_map::KeyMap<")), "no KeyMap function named");
  // `RawTable<(K, V)>` with its element type; the element's own generics may nest one level.
  const tables = new Set();
  for (const name of names) {
    for (const m of name.matchAll(/RawTable<(\((?:[^()]|\([^()]*\))*\))>/g)) tables.add(m[1]);
  }
  assert.deepEqual([...tables].sort(), ["(u64, usize)"]);
});
