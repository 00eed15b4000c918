// One hash table in the shipped wasm (issue 15): each distinct element type of a hash table is
// another copy of hashbrown's code (~2 KB raw each), and so is each distinct closure its generic
// functions are given. Every text-keyed index goes through src/text_map.rs, whose one
// `HashTable<usize>` holds entry numbers and is handed the same two closures by every map, so
// the only table left is `RawTable<usize>` (what `HashTable<usize>` wraps), with one copy of its
// closure-taking functions. Checked on the named twin of pkg's .wasm (bench/wasm-names.mjs).
//
//   node --test tests/js/wasm-tables.test.mjs   (needs a built pkg/: bash scripts/build.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { functionNames, namedWasm, tidy } from "../../bench/wasm-names.mjs";

/** The element types of every `RawTable<…>` and `HashTable<…>` named in `name` (nested `<>` kept). */
function tableTypes(name) {
  const found = [];
  for (const m of name.matchAll(/(?:RawTable|HashTable)</g)) {
    let depth = 1;
    let end = m.index + m[0].length;
    for (; end < name.length && depth > 0; end++) {
      if (name[end] === "<") depth++;
      else if (name[end] === ">") depth--;
    }
    found.push(name.slice(m.index + m[0].length, end - 1));
  }
  return found;
}

test("tableTypes reads nested element types", () => {
  assert.deepEqual(tableTypes("<hashbrown::raw::RawTable<(u64, usize)>>::insert"), ["(u64, usize)"]);
  assert.deepEqual(tableTypes("<hashbrown::table::HashTable<usize>>::find::<x>"), ["usize"]);
  assert.deepEqual(tableTypes("RawTable<(alloc::string::String, Vec<u8>)> and RawTable<(&str, usize)>"), [
    "(alloc::string::String, Vec<u8>)",
    "(&str, usize)",
  ]);
});

test("the shipped wasm holds one hash-table type, usize, and one copy of its generic search", () => {
  const named = namedWasm();
  assert.ok(named.path, `no named wasm: ${named.reason}`);
  assert.equal(named.matches, true, named.reason);
  const names = [...functionNames(named.path).values()].map(tidy);
  assert.ok(names.some((n) => n.startsWith("<zero_trust_seats::text_map::KeyMap<")), "no KeyMap function named");
  assert.deepEqual([...new Set(names.flatMap(tableTypes))].sort(), ["usize"]);
  // One instantiation of the search that takes closures: a copy per kind of keys would be two.
  const searches = names.filter((n) => n.startsWith("<hashbrown::table::HashTable<usize>>::entry::<"));
  assert.equal(searches.length, 1, searches.join("\n"));
});
