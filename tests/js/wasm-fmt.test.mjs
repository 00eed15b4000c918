// No `core::fmt` from our code in the shipped wasm (issue 15): every message is built with plain
// string pushes, because format! links the formatting machinery and its Display impls, kilobytes
// that ship to every page. Checked on the named twin of pkg's .wasm (bench/wasm-names.mjs) through
// wasm-opt's call graph: no function of our crate — nor an unnamed or generic function our code is
// inlined into — calls alloc::fmt::format, core::fmt::write or a Display/Debug impl directly.
// The shipped build (scripts/ship.toml) also drops std's panic machinery, which formats: so the
// .wasm has no formatting function at all, and no panic Location, whose source paths were data.
//
//   node --test tests/js/wasm-fmt.test.mjs   (needs a built pkg/: bash scripts/build.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { functionNames, namedWasm, PKG_WASM, tidy } from "../../bench/wasm-names.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WASM_OPT = join(ROOT, "node_modules", ".bin", "wasm-opt");

// What formatting looks like from a caller: the entry points and any Display/Debug impl.
const FORMATTING = /^(alloc::fmt::format|core::fmt::write)$|as core::fmt::(Display|Debug)>::fmt|impl core::fmt::(Display|Debug) for/;
// Callers that may format: std and core themselves (panics, the formatting machinery).
const STD = /^<?(core|alloc|std)::/;

/** The direct calls of the call graph, caller -> callees, with wasm-opt's hash suffixes removed. */
function callGraph(wasm) {
  // The shipped build strips the target-features section, so the validator is told to allow all.
  const run = spawnSync(WASM_OPT, [wasm, "--all-features", "--print-call-graph", "-o", "/dev/null"], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assert.equal(run.status, 0, `wasm-opt --print-call-graph failed: ${run.stderr}`);
  const clean = (name) => name.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}/g, "");
  const edges = [];
  for (const m of run.stdout.matchAll(/^\s*"(.+?)" -> "(.+?)";/gm)) edges.push([clean(m[1]), clean(m[2])]);
  return edges;
}

/** Our crate's functions, or a function wasm-opt left without a name (merged duplicates). */
function ours(name) {
  return (/zero_trust_seats::/.test(name) && !STD.test(name)) || /^\d+$/.test(name);
}

/** A call that formats for us: std never calls alloc::fmt::format itself, so a generic std
 * function calling it (`Result::and_then`, `GenericShunt::next`) has one of our closures inlined. */
function formats(from, to) {
  return (ours(from) && FORMATTING.test(to)) || to === "alloc::fmt::format";
}

/** The named twin's path, once it is known to match pkg's .wasm function for function. */
function namedTwin() {
  const named = namedWasm();
  assert.ok(named.path, `no named wasm: ${named.reason}`);
  assert.equal(named.matches, true, named.reason);
  return named.path;
}

test("no function of our crate calls core::fmt in the shipped wasm", () => {
  const edges = callGraph(namedTwin());
  assert.ok(edges.length > 1000, `the call graph has only ${edges.length} calls`);
  const offenders = [
    ...new Set(edges.filter(([from, to]) => formats(from, to)).map(([from, to]) => `${from} -> ${to}`)),
  ].sort();
  assert.deepEqual(offenders, [], `functions that still format:\n  ${offenders.join("\n  ")}`);
});

test("the shipped wasm has no formatting machinery at all: no core::fmt or alloc::fmt function", () => {
  // Every function of the name section, called or not (a Display impl may sit in a vtable only).
  const names = new Set([...functionNames(namedTwin()).values()].map(tidy));
  assert.ok(names.has("zero_trust_seats::options::resolve_client"), `${names.size} names, not resolve_client`);
  const fmt = [...names].filter((name) => /(core|alloc)::fmt::/.test(name)).sort();
  assert.deepEqual(fmt, [], `formatting functions in the shipped wasm:\n  ${fmt.join("\n  ")}`);
});

test("the shipped wasm names no source file: panics carry no Location", () => {
  const text = readFileSync(PKG_WASM).toString("latin1");
  const paths = [...new Set(text.match(/[\w/.-]*\.rs\b/g) ?? [])].sort();
  assert.deepEqual(paths, [], "source paths in the shipped .wasm's data");
});
